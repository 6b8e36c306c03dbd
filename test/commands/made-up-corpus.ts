/**
 * A small invented corpus (a port in a made-up city) for the check and timeline tests: facts no
 * seed article holds, dates given by sources.json or missing, two articles that disagree on a
 * number, and the same event reported in English and French.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MADE_UP: Record<string, string> = {
  'port_a.txt':
    'Velmar port holds containers\n\nThe Velmar port authority announced on Tuesday that 1,200 containers were held at the northern terminal. ' +
    'Minister Ilona Varga said the northern terminal would not close. The ferry service to Ostrava resumed on Wednesday after a two-day strike. ' +
    'Dock workers accepted a 4% wage rise after the strike. The port employs about 3,000 people in the region.\n',
  'port_b.txt':
    'Containers pile up in Velmar\n\nThe Velmar port authority said on Tuesday that 1,500 containers were held at the northern terminal. ' +
    'Harbor master Tomas Brand inspected the cranes of the southern terminal. Shipping companies asked for more storage space near the port.\n',
  'port_c.txt':
    'Le ferry reprend\n\nLe service de ferry vers Ostrava a repris mercredi après une grève de deux jours. ' +
    'Les voyageurs ont attendu plusieurs heures sur le quai du terminal nord de Velmar.\n',
  'port_d.txt':
    'Dredging talks\n\nCity officials met on Monday to discuss the dredging project of the Velmar harbor. ' +
    'The dredging of the harbor channel began in 2019 and was paused in 2020.\n',
};

export const MADE_UP_SOURCES = {
  port_a: { date: '2022-03-10', publisher: 'Velmar Wire' },
  port_b: { date: '2022-03-11' },
  port_c: { date: '2022-03-10' },
};

/** Writes the invented corpus into `dir` and returns it. */
export function writeMadeUpCorpus(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(MADE_UP)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(MADE_UP_SOURCES));
  return dir;
}
