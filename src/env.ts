/** Loads `.env` (if present) into process.env without overriding what is already set. */
import { config as loadDotenv } from 'dotenv';

export function loadDotenvFile(path = '.env'): void {
  loadDotenv({ path, quiet: true });
}
