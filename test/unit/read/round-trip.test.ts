import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseIptablesSave } from "../../../src/read/iptables-save.js";
import { parseNft } from "../../../src/read/nft.js";
import { iptablesText } from "../../../src/render/iptables/index.js";
import { nftText } from "../../../src/render/nft/index.js";

// Reading a golden file back and rendering it again gives the same bytes: the parsers read every
// construct the renderers write, into the same model.

const goldenDir = new URL("../../../golden/", import.meta.url);
const golden = (ext: string): string[] => readdirSync(goldenDir).filter((f) => f.endsWith(`.${ext}`)).sort();
const read = (file: string): string => readFileSync(new URL(file, goldenDir), "utf8");
const markFormat = (text: string) => (/0x0000[0-9a-f]{4}/.test(text) ? "padded" : "short") as "padded" | "short";

describe("round trip of golden files", () => {
  it("has golden files of both formats to read", () => {
    expect(golden("iptables").length).toBeGreaterThan(10);
    expect(golden("nft").length).toBeGreaterThan(10);
    expect(golden("nft-kube").length).toBeGreaterThan(10);
  });

  it.each(golden("iptables"))("iptablesText(parseIptablesSave(%s)) is the file itself", (file) => {
    const text = read(file);
    expect(iptablesText(parseIptablesSave(text), { markFormat: markFormat(text) })).toBe(text);
  });

  it.each([...golden("nft"), ...golden("nft-kube")])("nftText(parseNft(%s)) is the file itself", (file) => {
    const text = read(file);
    expect(nftText(parseNft(text), { markFormat: markFormat(text) })).toBe(text);
  });
});
