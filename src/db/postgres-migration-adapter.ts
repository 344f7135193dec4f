import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Types of PostgreSQL's catalogs (`"char"`, `name`), and plain text. */
const CATALOG_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

/**
 * A connection whose results call catalog `name` columns text. @prisma/adapter-pg 6.19 refuses
 * the `name` and `"char"` types, and Prisma's JavaScript schema engine reads catalogs full of it, so every
 * migrate command fails (prisma/orm#27403, open); the values already arrive as strings.
 */
class CatalogNamesAsText extends pg.Client {
  // pg's overloads of query (promise, or a callback as pg's pool passes) pass through as they are.
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === "function")
      args[args.length - 1] = (err: Error | undefined, result: pg.QueryResult | undefined) => callback(err, result && namesAsText(result));
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(namesAsText) : result) as never;
  }
}

function namesAsText(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) if (CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  return result;
}

/** The adapter the Prisma CLI migrates a PostgreSQL database through. */
export function postgresMigrationAdapter(connectionString: string): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString, Client: CatalogNamesAsText }), { disposeExternalPool: true });
}
