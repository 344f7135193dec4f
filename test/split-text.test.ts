import { describe, expect, it } from "vitest";
import { splitText } from "../src/channels/split-text.js";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("splitText", () => {
  it("gives back a text that fits as it is", () => {
    expect(splitText("Chào bạn!\n\n1. Có\n2. Không", 2000)).toEqual(["Chào bạn!\n\n1. Có\n2. Không"]);
    expect(splitText("x".repeat(20), 20)).toEqual(["x".repeat(20)]);
  });

  it("cuts between paragraphs before anything finer", () => {
    const first = "Đoạn một. Có hai câu.";
    const second = "Đoạn hai, dài hơn một chút.";
    expect(splitText(`${first}\n\n${second}`, first.length + 10)).toEqual([first, second]);
  });

  it("packs as much as fits: the last paragraph break within the limit, not the first", () => {
    const text = "Một.\n\nHai.\n\nBa bốn.";
    expect(splitText(text, 12)).toEqual(["Một.\n\nHai.", "Ba bốn."]);
  });

  it("falls back to lines, then sentences, then words", () => {
    expect(splitText("dòng một\ndòng hai dài", 12)).toEqual(["dòng một", "dòng hai dài"]);
    expect(splitText("Câu một. Câu hai thì dài", 20)).toEqual(["Câu một.", "Câu hai thì dài"]);
    expect(splitText("thanh niên khởi nghiệp", 14)).toEqual(["thanh niên", "khởi nghiệp"]);
  });

  it("never cuts inside a word, and keeps every word in order", () => {
    const text = "Thanh niên cần được hỗ trợ học nghề, việc làm và vay vốn khởi nghiệp tại địa phương! ".repeat(60).trim();
    const parts = splitText(text, 200);
    expect(parts.length).toBeGreaterThan(20);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(200);
      expect(part).toBe(part.trim());
      expect(part).toMatch(/!$/);
    }
    expect(words(parts.join(" "))).toEqual(words(text));
  });

  it("drops the whitespace at a cut and makes no empty parts", () => {
    const parts = splitText(`${"a".repeat(8)}   \n\n \n  ${"b".repeat(8)}\n\n\n`, 10);
    expect(parts).toEqual(["a".repeat(8), "b".repeat(8)]);
  });

  it("cuts a word longer than the limit, but not inside an emoji", () => {
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    const parts = splitText(`${"x".repeat(9)}😀${"y".repeat(5)}`, 10);
    expect(parts).toEqual(["x".repeat(9), `😀${"y".repeat(5)}`]);
  });

  it("splits a Zalo-length reply into parts of at most 2000 characters", () => {
    const paragraph = "Đề nghị thị xã hỗ trợ thanh niên khởi nghiệp được vay vốn ưu đãi. ".repeat(12).trim();
    const text = Array.from({ length: 8 }, () => paragraph).join("\n\n");
    expect(paragraph.length * 2 + 2).toBeLessThanOrEqual(2000);
    expect(paragraph.length * 3 + 4).toBeGreaterThan(2000);
    expect(splitText(text, 2000)).toEqual(Array.from({ length: 4 }, () => `${paragraph}\n\n${paragraph}`));
  });
});
