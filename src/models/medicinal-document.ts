/** medicinal_documents: prescriptions and certificates that let a customer buy medicinal products. */
import type { Optional } from 'sequelize';
import { AutoIncrement, BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { User } from './user';

/** medicinal_documents.doc_type: CHECK (doc_type IN ('receta', 'certificado')). */
export const DOC_TYPES = ['receta', 'certificado'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** medicinal_documents.status: CHECK (status IN ('pending', 'approved', 'rejected')). */
export const DOCUMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface MedicinalDocumentAttributes {
  id: number;
  userId: number;
  fileUrl: string;
  docType: DocType;
  status: DocumentStatus;
  reviewedBy: number | null;
  notes: string | null;
  /** date: 'YYYY-MM-DD'. */
  validUntil: string | null;
  /** Hex SHA-256 of a local file's content; null for a URL. */
  fileSha256: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type MedicinalDocumentCreationAttributes = Optional<
  MedicinalDocumentAttributes,
  'id' | 'status' | 'reviewedBy' | 'notes' | 'validUntil' | 'fileSha256' | 'createdAt' | 'updatedAt'
>;

/**
 * CHECK medicinal_documents_review_coherent: pending ⇒ no reviewer and no valid_until;
 * approved ⇒ reviewer and valid_until; rejected ⇒ reviewer and no valid_until.
 */
@Table({ tableName: 'medicinal_documents', underscored: true, timestamps: false })
export class MedicinalDocument extends Model<MedicinalDocumentAttributes, MedicinalDocumentCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** The customer the document belongs to. */
  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  userId!: number;

  @Column({ type: DataType.STRING(2048), allowNull: false })
  fileUrl!: string;

  @Column({ type: DataType.STRING(20), allowNull: false, validate: { isIn: [DOC_TYPES] } })
  docType!: DocType;

  /** Only a pending document is reviewed. */
  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: 'pending', validate: { isIn: [DOCUMENT_STATUSES] } })
  status!: DocumentStatus;

  /** The staff member or admin who approved or rejected it. */
  @ForeignKey(() => User)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'users', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  reviewedBy!: number | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  notes!: string | null;

  /** Last day an approved document counts (vigente); set on approval. */
  @Column({ type: DataType.DATEONLY, allowNull: true })
  validUntil!: string | null;

  /** Hex SHA-256 of a local file's content (migration 005); null for a URL. */
  @Column({ type: DataType.CHAR(64), allowNull: true, field: 'file_sha256' })
  fileSha256!: string | null;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  /** Kept by the trigger medicinal_documents_updated_at on every UPDATE. */
  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  updatedAt!: Date;

  @BelongsTo(() => User, 'userId')
  user?: User;

  @BelongsTo(() => User, 'reviewedBy')
  reviewer?: User | null;
}
