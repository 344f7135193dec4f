import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { seedDemo } from "./demo.js";

const config = loadConfig();
const db = await openDatabase(config.DATABASE_URL);
const loaded = await seedDemo(db, new Date());
console.log(loaded ? "Demo dialogue loaded." : "The database already has units; nothing loaded.");
await db.close();
