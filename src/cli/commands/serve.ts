import type { Command } from 'commander';
import { cliConfig } from '../run.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web server and fetch sources when due (migrates the database and loads the demo on an empty site first)')
    .option('--no-fetch', 'serve pages only; leave fetching to other processes')
    .action(async (opts: { fetch: boolean }) => {
      const config = await cliConfig();
      // Loaded here, not at the top: the other commands and `--help` need none of the web app.
      const [{ createLogger }, { startServer }] = await Promise.all([import('../../log.js'), import('../../web/server.js')]);
      const logger = createLogger(config.logLevel);
      const server = await startServer(config, logger, { fetch: opts.fetch });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        server.stop().then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'unclean stop');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
