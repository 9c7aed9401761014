import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

// The console is served by Vigil's own express app (src/http/console-route.ts) from dist/web.
export default defineConfig({
  root: webRoot,
  base: "/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: process.env.VIGIL_CONSOLE_OUT_DIR ?? fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // A strict CSP forbids inline script, so nothing may be inlined into index.html.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
