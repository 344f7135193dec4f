import type { Request, Response } from "express";
import { SESSION_MS } from "../../domain/staff-tokens.js";

const COOKIE = "ydt_session";

export function sessionIdOf(req: Request): string | null {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** httpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure behind HTTPS. */
export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(COOKIE, sessionId, { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/", maxAge: SESSION_MS });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(COOKIE, { path: "/" });
}
