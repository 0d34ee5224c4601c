import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { DOC_TYPES } from '../../models/medicinal-document';
import { submitDocument, type SubmitDocumentResult } from '../../services/documents/submit';

export default class DocsSubmit extends StoreCommand {
  static summary = 'Submit a prescription (receta) or certificate (certificado) for staff to review.';
  static description = `A local file must be a PDF or an image (PNG, JPEG, WEBP, HEIC) of at most 20 MB; it is recorded by its real path and the SHA-256 of its content, and the same content cannot be submitted again for the customer while a copy is pending or approved. A URL must be https:// and is recorded as given (not fetched).

Staff and admins name the customer with --user; a customer submits for themself and may leave --user out.

Exit codes: 3 the file or URL is refused, 4 no such user, 5 already submitted or the account is deactivated, 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --user ana@example.cl --type receta --file ./receta-ana.pdf',
    '<%= config.bin %> <%= command.id %> --user ana@example.cl --type certificado --file https://docs.example.cl/certificado-ana.pdf',
    '<%= config.bin %> <%= command.id %> --type receta --file ~/Descargas/receta.jpg',
  ];

  static flags = {
    user: Flags.string({ summary: "The customer's e-mail or id (a customer may leave it out: themself)." }),
    type: Flags.option({ options: DOC_TYPES, required: true, summary: 'What the document is.' })(),
    file: Flags.string({ required: true, summary: 'A local PDF or image (at most 20 MB), or an https:// URL.' }),
  };

  async run(): Promise<SubmitDocumentResult> {
    const { flags } = await this.parse(DocsSubmit);
    const context = await this.authorized();
    const result = await submitDocument(context, { user: flags.user, type: flags.type, file: flags.file });
    const { document } = result;
    this.say(
      `Submitted document ${document.id} (${document.type}${result.fileFormat ? `, ${result.fileFormat.toUpperCase()}` : ''}) for ${document.userEmail}: ${document.fileUrl}`,
    );
    this.note(`It waits for review: \`${this.config.bin} docs:review\` or \`${this.config.bin} docs:approve ${document.id}\`.`);
    return result;
  }
}
