import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";

/** A refusal with its HTTP status: `{ error, details }` goes back to the caller. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly details?: unknown,
  ) {
    super(error);
  }
}

/** Parses with zod; a bad value is a 400 naming every field that was wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      "invalid_request",
      parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  return parsed.data;
}

/** Domain refusals: an unknown thing is a 404, a broken rule a 409 with the facts. */
function fromDomain(err: DomainError): ApiError {
  return new ApiError(err.code.endsWith("-unknown") ? 404 : 409, err.code, err.facts);
}

/** The API's error handler: JSON always, never a stack trace, 500s logged. */
export function apiErrorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const http = err as { status?: number; type?: string; expose?: boolean };
    const apiError =
      err instanceof ApiError
        ? err
        : err instanceof DomainError
          ? fromDomain(err)
          : http.type === "entity.too.large"
            ? new ApiError(413, "payload_too_large", { limit: "100kb" })
            : http.type === "entity.parse.failed"
              ? new ApiError(400, "invalid_json")
              : http.status && http.status >= 400 && http.status < 500
                ? new ApiError(http.status, http.type ?? "bad_request")
                : null;
    if (!apiError) {
      logger.error({ err }, "admin API request failed");
      res.status(500).json({ error: "internal_error" });
      return;
    }
    res.status(apiError.status).json({ error: apiError.error, ...(apiError.details === undefined ? {} : { details: apiError.details }) });
  };
}
