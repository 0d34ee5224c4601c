/**
 * The one query that reads medicinal documents with their customer's and reviewer's e-mail,
 * shared by list, show, the review queue and the "already reviewed" message.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { z } from 'zod';
import { id } from '../../lib/validation';
import type { DocType, DocumentStatus } from '../../models/medicinal-document';

export interface DocumentRow {
  id: number;
  userId: number;
  userEmail: string;
  type: DocType;
  status: DocumentStatus;
  fileUrl: string;
  /** Hex SHA-256 of a local file's content; null for a URL. */
  fileSha256: string | null;
  submittedAt: Date;
  /** The day it was submitted in the store's time zone (store_timezone()), YYYY-MM-DD. */
  submittedOn: string;
  reviewedBy: number | null;
  reviewerEmail: string | null;
  /** When it was approved or rejected (documents change only on review); null while pending. */
  reviewedAt: Date | null;
  reviewedOn: string | null;
  /** Last day an approved document counts, YYYY-MM-DD. */
  validUntil: string | null;
  notes: string | null;
}

/** A document id as typed on the command line (or passed on by another command). */
export const documentId = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), id);

export interface DocumentFilter {
  id?: number;
  userId?: number;
  status?: DocumentStatus;
  /** Leave these out (the review queue's skipped documents). */
  excludeIds?: number[];
  /** Oldest first (a queue); newest first otherwise. */
  oldestFirst?: boolean;
  limit?: number;
}

const SELECT = `
SELECT d.id, d.user_id AS "userId", u.email AS "userEmail", d.doc_type AS "type", d.status, d.file_url AS "fileUrl",
       d.file_sha256 AS "fileSha256", d.created_at AS "submittedAt",
       to_char(d.created_at AT TIME ZONE store_timezone(), 'YYYY-MM-DD') AS "submittedOn",
       d.reviewed_by AS "reviewedBy", r.email AS "reviewerEmail",
       CASE WHEN d.status <> 'pending' THEN d.updated_at END AS "reviewedAt",
       CASE WHEN d.status <> 'pending' THEN to_char(d.updated_at AT TIME ZONE store_timezone(), 'YYYY-MM-DD') END AS "reviewedOn",
       d.valid_until::text AS "validUntil", d.notes
FROM medicinal_documents d
JOIN users u ON u.id = d.user_id
LEFT JOIN users r ON r.id = d.reviewed_by`;

export async function documentRows(sequelize: Sequelize, filter: DocumentFilter, transaction?: Transaction): Promise<DocumentRow[]> {
  const where: string[] = [];
  const replacements: Record<string, unknown> = {};
  if (filter.id !== undefined) {
    where.push('d.id = :id');
    replacements.id = filter.id;
  }
  if (filter.userId !== undefined) {
    where.push('d.user_id = :userId');
    replacements.userId = filter.userId;
  }
  if (filter.status !== undefined) {
    where.push('d.status = :status');
    replacements.status = filter.status;
  }
  if (filter.excludeIds && filter.excludeIds.length > 0) {
    // One array parameter, however many ids (sequelize would expand a JS array into a list).
    where.push('d.id <> ALL (CAST(:excludeIds AS bigint[]))');
    replacements.excludeIds = `{${filter.excludeIds.map((value) => Math.trunc(value)).join(',')}}`;
  }
  const order = filter.oldestFirst ? 'd.created_at, d.id' : 'd.created_at DESC, d.id DESC';
  const limit = filter.limit !== undefined ? ' LIMIT :limit' : '';
  if (filter.limit !== undefined) replacements.limit = filter.limit;
  const sql = `${SELECT}${where.length ? `\nWHERE ${where.join(' AND ')}` : ''}\nORDER BY ${order}${limit}`;
  return sequelize.query<DocumentRow>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

export async function documentRow(sequelize: Sequelize, documentId: number, transaction?: Transaction): Promise<DocumentRow | undefined> {
  const [row] = await documentRows(sequelize, { id: documentId }, transaction);
  return row;
}
