/**
 * Submit a prescription (receta) or certificate (certificado) for review. Staff and admins
 * submit for a named customer; a customer submits for themself only.
 */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { NotAllowedError, RuleViolation, ValidationError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import { DOC_TYPES, MedicinalDocument, type DocType } from '../../models';
import { audit } from '../audit';
import { actorId, type ServiceContext } from '../context';
import { findUser } from '../users/find';
import { checkDocumentFile, type FileFormat } from './file-check';
import { documentRow, type DocumentRow } from './rows';

export interface SubmitDocumentInput {
  /** The customer's e-mail or id; a customer may leave it out (themself). */
  user?: string;
  type: DocType | string;
  /** A local file (PDF or image) or an https URL. */
  file: string;
}

export interface SubmitDocumentResult {
  document: DocumentRow;
  /** What the file's first bytes say it is; null for a URL. */
  fileFormat: FileFormat | null;
}

const schema = z.object({
  user: z.string().trim().min(1, 'must not be empty').optional(),
  type: z.enum(DOC_TYPES, { message: `must be one of ${DOC_TYPES.join(', ')}` }),
  file: z.string().trim().min(1, 'must not be empty'),
});

export async function submitDocument(context: ServiceContext, input: SubmitDocumentInput): Promise<SubmitDocumentResult> {
  const { user, type, file } = validate(schema, input);
  const target = targetUser(context, user);
  // Read and hash the file before the transaction: no lock is held while 20 MB are read.
  const checked = await checkDocumentFile(file);

  const id = await context.sequelize.transaction(async (transaction) => {
    // Locking the customer serialises their submissions, so the duplicate check cannot race.
    const owner = await findUser(target, transaction);
    if (!owner.isActive) throw new RuleViolation(`${owner.email} is deactivated: reactivate the account before submitting documents for it`);

    const [duplicate] = await context.sequelize.query<{ id: number; status: string }>(
      `SELECT id, status FROM medicinal_documents
       WHERE user_id = :userId AND status IN ('pending', 'approved')
         AND ${checked.fileSha256 ? 'file_sha256 = :sha256' : 'file_url = :fileUrl'}
       ORDER BY id LIMIT 1`,
      { replacements: { userId: owner.id, sha256: checked.fileSha256, fileUrl: checked.fileUrl }, type: QueryTypes.SELECT, transaction },
    );
    if (duplicate) {
      throw new RuleViolation(`--file: already submitted as document ${duplicate.id} (${duplicate.status}) for ${owner.email}`);
    }

    const document = await MedicinalDocument.create(
      { userId: owner.id, docType: type, fileUrl: checked.fileUrl, fileSha256: checked.fileSha256 },
      { transaction },
    );
    await audit(context.sequelize, transaction, {
      actorId: actorId(context),
      action: 'documents.submit',
      entity: 'medicinal_documents',
      entityId: document.id,
      before: null,
      after: {
        user_id: owner.id,
        doc_type: type,
        file_url: checked.fileUrl,
        file_sha256: checked.fileSha256,
        status: 'pending',
        reviewed_by: null,
        valid_until: null,
        notes: null,
      },
    });
    return document.id;
  });

  const document = await documentRow(context.sequelize, id);
  if (!document) throw new Error(`document ${id} vanished right after it was submitted`);
  return { document, fileFormat: checked.format };
}

/** Whom the document is for, as a reference findUser understands. */
function targetUser(context: ServiceContext, user: string | undefined): string {
  const actor = context.actor;
  if (!actor) throw new NotAllowedError('docs:submit needs a login: run `store auth:login` or set STORE_TOKEN');
  if (actor.role === 'customer') {
    // Compared without a lookup, so a customer cannot probe which accounts exist.
    if (user !== undefined && user.toLowerCase() !== actor.email.toLowerCase() && user !== String(actor.id)) {
      throw new NotAllowedError(`a customer may submit documents only for themself (${actor.email})`);
    }
    return String(actor.id);
  }
  if (user === undefined) throw new ValidationError("--user: is required for staff and admins (the customer's e-mail or id)");
  return user;
}
