/**
 * Imported first by each entry point (page and worker), before any schema
 * is built: zod 4 decides at schema creation whether to compile parsers with
 * new Function(), probing eval once — which the app's CSP forbids (and
 * reports as a violation). The interpreter is fast enough for our sizes.
 */
import { z } from 'zod';

z.config({ jitless: true });
