import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { defaultSubmissionsClose, submissionWindow } from "../src/domain/dialogues.js";
import { ageBand } from "../src/domain/participants.js";
import { normaliseVietnamesePhone } from "../src/domain/phone.js";
import { checkProposalText } from "../src/domain/proposals.js";
import { matchChoice } from "../src/flows/match-choice.js";
import { formatDate } from "../src/i18n/i18n.js";

describe("Vietnamese phone numbers", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84-912-345-678", "0912345678"],
    ["0084912345678", "0912345678"],
    ["(+84) 358.123.456", "0358123456"],
  ])("%s is %s", (input, expected) => expect(normaliseVietnamesePhone(input)).toBe(expected));

  it.each(["12345", "0212345678", "09123456789", "phone", "+1 912 345 678"])("%s is refused", (input) =>
    expect(normaliseVietnamesePhone(input)).toBeNull(),
  );
});

describe("answering a numbered list", () => {
  const labels = ["Tôi đồng ý", "Tôi không đồng ý", "English"];
  it("takes the number of an option", () => {
    expect(matchChoice("2", labels)).toBe(1);
    expect(matchChoice(" 3. ", labels)).toBe(2);
    expect(matchChoice("4", labels)).toBeNull();
    expect(matchChoice("0", labels)).toBeNull();
  });
  it("takes the option's words, with or without diacritics and case", () => {
    expect(matchChoice("tôi đồng ý", labels)).toBe(0);
    expect(matchChoice("TOI KHONG DONG Y", labels)).toBe(1);
    expect(matchChoice("đồng", labels)).toBeNull();
  });
});

describe("the submission window", () => {
  const startsAt = new Date("2027-03-31T01:00:00Z"); // 08:00 on 31/03 in Hà Nội
  const dialogue = { submissionsOpenAt: new Date("2027-03-01T00:00:00Z"), submissionsCloseAt: defaultSubmissionsClose(startsAt) };

  it("closes 7 days before the dialogue by default", () => {
    expect(formatDate("vi", dialogue.submissionsCloseAt)).toBe("08:00 24/03/2027");
  });
  it("is not open before its opening, open until its deadline, closed from it", () => {
    expect(submissionWindow(dialogue, new Date("2027-02-28T23:59:59Z")).state).toBe("not-yet");
    expect(submissionWindow(dialogue, new Date("2027-03-24T00:59:59Z")).state).toBe("open");
    expect(submissionWindow(dialogue, new Date("2027-03-24T01:00:00Z")).state).toBe("closed");
  });
});

describe("proposal text bounds", () => {
  it("counts characters, not bytes, and trims", () => {
    expect(checkProposalText(`  ${"ệ".repeat(20)}  `)).toBe("ệ".repeat(20));
    expect(() => checkProposalText("ệ".repeat(19))).toThrow(/text-too-short/);
    expect(() => checkProposalText("a".repeat(2001))).toThrow(/text-too-long/);
  });
});

describe("age", () => {
  const now = new Date("2026-11-25T00:00:00Z");
  it("is a child under 16, youth to 30, over after", () => {
    expect(ageBand(2011, now)).toBe("child");
    expect(ageBand(2010, now)).toBe("youth");
    expect(ageBand(1996, now)).toBe("youth");
    expect(ageBand(1995, now)).toBe("over");
  });
});

describe("configuration", () => {
  it("has defaults that run with nothing set", () => {
    expect(loadConfig({})).toMatchObject({
      DATABASE_URL: "file:./data/youth.db",
      PORT: 3000,
      TELEGRAM_API_ROOT: "https://api.telegram.org",
      ZALO_API_BASE: "https://bot-api.zaloplatforms.com",
      DEFAULT_LOCALE: "vi",
    });
  });

  it("names every variable that is wrong", () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
    };
    const found = problems({ PORT: "eighty", PUBLIC_URL: "not a url", DEFAULT_LOCALE: "fr", TELEGRAM_BOT_TOKEN: "abc" });
    expect(found.map((p) => p.split(":")[0]).sort()).toEqual(["DEFAULT_LOCALE", "PORT", "PUBLIC_URL", "TELEGRAM_BOT_TOKEN"]);
    expect(problems({ PUBLIC_URL: "https://bot.example.vn", ZALO_BOT_TOKEN: "123:abc" })[0]).toMatch(/^ZALO_WEBHOOK_SECRET/);
  });
});
