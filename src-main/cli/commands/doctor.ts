import { Command } from 'commander';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';

/** `lectern doctor`: what this machine gives Lectern (versions, backend, threads, paths, models found). */
export function doctorCommand(): Command {
  return withCommonOptions(new Command('doctor'))
    .description('show versions, compute backend, threads, library folder and the models found')
    .action(async (options: GlobalOptions) => {
      await withEngine(options, async (engine) => {
        const status = await engine.invoke('getStatus', {});
        const models = await engine.invoke('listModels', {});
        const report = {
          node: status.versions.node,
          nodeLlamaCpp: status.versions.nodeLlamaCpp,
          backend: status.backend,
          threads: status.threads,
          libraryDir: status.paths.libraryDir,
          modelsDir: status.paths.modelsDir,
          models: models.map((m) => ({
            name: m.name,
            path: m.path,
            source: m.source,
            sizeBytes: m.sizeBytes,
            ...(m.meta ? { architecture: m.meta.architecture, quantization: m.meta.quantization } : {}),
            ...(m.problem ? { problem: m.problem } : {}),
          })),
        };
        if (options.json) return printJson(report);
        console.log(`Lectern ${status.app.version}`);
        console.log(`  node            ${report.node}`);
        console.log(`  node-llama-cpp  ${report.nodeLlamaCpp}`);
        console.log(`  backend         ${report.backend}`);
        console.log(`  threads         ${report.threads}`);
        console.log(`  library         ${report.libraryDir}`);
        console.log(`  models folder   ${report.modelsDir}`);
        console.log(`  models          ${models.length === 0 ? 'none found (see README: "Getting a model")' : ''}`);
        for (const m of report.models)
          console.log(
            `    ${m.name}  ${(m.sizeBytes / 1e6).toFixed(1)} MB  ${m.problem ? `(unusable: ${m.problem.message})` : ''}`,
          );
      });
    });
}
