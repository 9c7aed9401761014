import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";

// No <StrictMode>: with React 19.3's production build it still mounted every view twice, so each list page
// and the overview were fetched twice (measured in test/console/console-pages.test.ts, which counts requests).
createRoot(document.getElementById("root")!).render(<App />);
