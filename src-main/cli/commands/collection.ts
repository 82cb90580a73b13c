import { Command } from 'commander';
import type { Collection } from '../../../src-shared/domain/collection';
import { LecternError } from '../../../src-shared/errors';
import type { Engine } from '../../engine/Engine';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { resolveDocId } from './library';

/** A collection by name (ignoring case) or id. */
export async function findCollection(engine: Engine, nameOrId: string): Promise<Collection> {
  const all = await engine.invoke('listCollections', {});
  const wanted = nameOrId.trim().toLowerCase();
  const found = all.find((c) => c.id === nameOrId) ?? all.find((c) => c.name.toLowerCase() === wanted);
  if (!found) throw new LecternError('NOT_FOUND', `No collection named “${nameOrId}”.`);
  return found;
}

async function docIds(engine: Engine, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) ids.push(await resolveDocId(engine, ref));
  return ids;
}

function show(c: Collection): string {
  return `${c.name}  (${c.docIds.length} document${c.docIds.length === 1 ? '' : 's'})  id ${c.id}`;
}

/** `lectern collection create|list|add|remove|rename|delete` */
export function collectionCommand(): Command {
  const command = new Command('collection').description('named sets of documents, asked at once with ask --collection');
  command.addCommand(
    withCommonOptions(new Command('create'))
      .description('create a collection, with documents if given')
      .argument('<name>', 'its name (unique, ignoring case)')
      .argument('[docs...]', 'document ids (or unique prefixes)')
      .action(async (name: string, refs: string[], options: GlobalOptions) => {
        await withEngine(options, async (engine) => {
          const created = await engine.invoke('createCollection', { name, docIds: await docIds(engine, refs) });
          if (options.json) return printJson(created);
          console.log(`✓ ${show(created)}`);
        });
      }),
  );
  command.addCommand(
    withCommonOptions(new Command('list'))
      .description('list the collections with their documents')
      .action(async (options: GlobalOptions) => {
        await withEngine(options, async (engine) => {
          const all = await engine.invoke('listCollections', {});
          if (options.json) return printJson({ collections: all });
          if (all.length === 0) console.log('No collections yet. Create one with `lectern collection create NAME`.');
          const titles = new Map((await engine.invoke('listDocuments', {})).map((d) => [d.id, d.title]));
          for (const c of all) {
            console.log(show(c));
            c.docIds.forEach((id, i) => console.log(`  D${i + 1}  ${id.slice(0, 12)}  ${titles.get(id) ?? ''}`));
          }
        });
      }),
  );
  for (const [verb, call, what] of [
    ['add', 'addToCollection', 'add documents to a collection'],
    ['remove', 'removeFromCollection', 'take documents out of a collection (they stay in the library)'],
  ] as const) {
    command.addCommand(
      withCommonOptions(new Command(verb))
        .description(what)
        .argument('<collection>', 'collection name or id')
        .argument('<docs...>', 'document ids (or unique prefixes)')
        .action(async (ref: string, refs: string[], options: GlobalOptions) => {
          await withEngine(options, async (engine) => {
            const { id } = await findCollection(engine, ref);
            const changed = await engine.invoke(call, { id, docIds: await docIds(engine, refs) });
            if (options.json) return printJson(changed);
            console.log(`✓ ${show(changed)}`);
          });
        }),
    );
  }
  command.addCommand(
    withCommonOptions(new Command('rename'))
      .description('rename a collection')
      .argument('<collection>', 'collection name or id')
      .argument('<name>', 'the new name')
      .action(async (ref: string, name: string, options: GlobalOptions) => {
        await withEngine(options, async (engine) => {
          const renamed = await engine.invoke('renameCollection', { id: (await findCollection(engine, ref)).id, name });
          if (options.json) return printJson(renamed);
          console.log(`✓ ${show(renamed)}`);
        });
      }),
  );
  command.addCommand(
    withCommonOptions(new Command('delete'))
      .description('delete a collection and its conversation (its documents stay)')
      .argument('<collection>', 'collection name or id')
      .action(async (ref: string, options: GlobalOptions) => {
        await withEngine(options, async (engine) => {
          const result = await engine.invoke('deleteCollection', { id: (await findCollection(engine, ref)).id });
          if (options.json) return printJson(result);
          console.log(result.deleted ? '✓ deleted' : 'It was already gone.');
        });
      }),
  );
  return command;
}
