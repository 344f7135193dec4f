import { describe, expect, it } from "vitest";
import { LOCALES } from "../src/i18n/i18n.js";
import { COMMANDS } from "../src/flows/index.js";
import { testI18n as i18n } from "./support/runner.js";

describe("locales", () => {
  it("have the same keys in Vietnamese and English", () => {
    const [vi, en] = LOCALES.map((l) => new Set(i18n.keys(l)));
    expect([...vi!].filter((k) => !en!.has(k))).toEqual([]);
    expect([...en!].filter((k) => !vi!.has(k))).toEqual([]);
  });

  it("describe every command in both languages", () => {
    for (const locale of LOCALES)
      for (const command of COMMANDS) expect(i18n.attribute(locale, `command-${command}`, "description")).not.toBe("");
  });
});
