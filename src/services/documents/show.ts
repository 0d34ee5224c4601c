/**
 * One document with what a reviewer needs beside it: its customer and whether that customer
 * may buy medicinal products today.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors';
import { validate } from '../../lib/validation';
import type { UserRole } from '../../models';
import type { ServiceContext } from '../context';
import { medicinalEligibility, type Eligibility } from '../users/eligibility';
import { documentId, documentRow, type DocumentRow } from './rows';

export interface DocumentOwner {
  id: number;
  name: string;
  email: string;
  /** Canonical form, 12345678-5 (formatRut for people). */
  rut: string;
  role: UserRole;
  isActive: boolean;
  validatedMedicinal: boolean;
}

export interface DocumentDetail {
  document: DocumentRow;
  user: DocumentOwner;
  eligibility: Eligibility;
}

const schema = z.object({ id: documentId });

export async function showDocument(context: ServiceContext, input: { id: string | number }): Promise<DocumentDetail> {
  const { id } = validate(schema, input, { id: 'ID' });
  const document = await documentRow(context.sequelize, id);
  if (!document) throw new NotFoundError(`no medicinal document ${id}`);
  return describeDocument(context.sequelize, document);
}

/** The customer and eligibility beside a document already read. */
export async function describeDocument(sequelize: Sequelize, document: DocumentRow, transaction?: Transaction): Promise<DocumentDetail> {
  const [user] = await sequelize.query<DocumentOwner>(
    `SELECT id, name, email, rut, role, is_active AS "isActive", validated_medicinal AS "validatedMedicinal" FROM users WHERE id = :id`,
    { replacements: { id: document.userId }, type: QueryTypes.SELECT, transaction },
  );
  const eligibility = await medicinalEligibility(sequelize, document.userId, transaction);
  return { document, user, eligibility };
}
