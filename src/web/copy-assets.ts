// Build step: copies the web app's static files next to the compiled server (dist/src/web/public).
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../shared/project-root.js';

const from = path.join(projectRoot, 'src', 'web', 'public');
const to = path.join(projectRoot, 'dist', 'src', 'web', 'public');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
process.stdout.write(`web: copied ${path.relative(projectRoot, from)} to ${path.relative(projectRoot, to)}\n`);
