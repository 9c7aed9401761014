import { tuneDgaThreshold } from "./dga.js";

describe("DGA threshold tuning", () => {
  it("puts the threshold where generated names separate from benign ones, paying for each false alarm", () => {
    const benign = Array.from({ length: 100 }, (_, i) => i / 10);
    expect(tuneDgaThreshold([[20, 22, 25], [18, 30]], benign)).toBeGreaterThan(9.9);
    const overlapping = tuneDgaThreshold([[5, 6, 20], [21, 22]], [...benign, 5, 6]);
    expect(overlapping).toBeGreaterThan(6);
  });
});
