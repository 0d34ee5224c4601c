import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { moveCategory, type MovedCategory } from '../../services/catalog/categories';

export default class CategoriesMove extends StoreCommand {
  static summary = 'Move a category, with its subcategories, under another one or to the root.';
  static description = `The tree never has a cycle: a category cannot move under itself or under one of its own subcategories. The category keeps its medicinal status (you are told when it differs from the new parent's: change it with care, it decides who may buy).

Exit codes: 2 neither or both of --parent and --root, 4 no such category, 5 the move would make a cycle, 6 not allowed (admins only).`;
  static examples = ['<%= config.bin %> <%= command.id %> flores-indicas --parent medicinal', '<%= config.bin %> <%= command.id %> accesorios --root'];

  static args = { slug: Args.string({ description: 'Slug of the category to move.', required: true }) };
  static flags = {
    parent: Flags.string({ summary: 'Slug of the new parent.', exactlyOne: ['parent', 'root'] }),
    root: Flags.boolean({ summary: 'Make it a root category.', exactlyOne: ['parent', 'root'] }),
  };

  async run(): Promise<MovedCategory> {
    const { args, flags } = await this.parse(CategoriesMove);
    const context = await this.authorized();
    const moved = await moveCategory(context, args.slug, flags.root ? { root: true } : { parent: flags.parent });
    const place = (slug: string | null) => (slug ? `under ${slug}` : 'at the root');
    this.say(moved.moved ? `Moved ${moved.slug} from ${place(moved.previousParentSlug)} to ${place(moved.parentSlug)}.` : `${moved.slug} is already ${place(moved.parentSlug)}: nothing changed.`);
    if (moved.parentIsMedicinal !== null && moved.parentIsMedicinal !== moved.isMedicinal) {
      this.note(`note: ${moved.slug} stays ${moved.isMedicinal ? 'medicinal' : 'open (not medicinal)'} while ${moved.parentSlug} is ${moved.parentIsMedicinal ? 'medicinal' : 'open'}.`);
    }
    return moved;
  }
}
