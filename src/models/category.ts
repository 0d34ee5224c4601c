/** categories: product categories as a tree; medicinal categories restrict who may buy. */
import type { Optional } from 'sequelize';
import {
  AutoIncrement,
  BelongsTo,
  BelongsToMany,
  Column,
  DataType,
  ForeignKey,
  HasMany,
  Model,
  PrimaryKey,
  Table,
} from 'sequelize-typescript';
import { Product } from './product';
import { Promotion } from './promotion';
import { PromotionCategory } from './promotion-category';

export interface CategoryAttributes {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
  isMedicinal: boolean;
  createdAt: Date;
}

export type CategoryCreationAttributes = Optional<CategoryAttributes, 'id' | 'parentId' | 'isMedicinal' | 'createdAt'>;

@Table({ tableName: 'categories', underscored: true, timestamps: false })
export class Category extends Model<CategoryAttributes, CategoryCreationAttributes> {
  @PrimaryKey
  @AutoIncrement
  @Column({ type: DataType.BIGINT, allowNull: false })
  id!: number;

  /** NULL for a root; the tree has no cycles (trigger categories_no_cycle). */
  @ForeignKey(() => Category)
  @Column({
    type: DataType.BIGINT,
    allowNull: true,
    references: { model: 'categories', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  parentId!: number | null;

  @Column({ type: DataType.STRING(120), allowNull: false, unique: 'categories_slug_key' })
  slug!: string;

  @Column({ type: DataType.STRING(120), allowNull: false })
  name!: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  isMedicinal!: boolean;

  @Column({ type: DataType.DATE, allowNull: false, defaultValue: DataType.NOW })
  createdAt!: Date;

  @BelongsTo(() => Category, 'parentId')
  parent?: Category | null;

  @HasMany(() => Category, 'parentId')
  children?: Category[];

  @HasMany(() => Product, 'categoryId')
  products?: Product[];

  @BelongsToMany(() => Promotion, {
    through: { model: () => PromotionCategory, unique: false },
    foreignKey: 'categoryId',
    otherKey: 'promotionId',
  })
  promotions?: Promotion[];

  /** The promotion_categories rows themselves. */
  @HasMany(() => PromotionCategory, 'categoryId')
  promotionLinks?: PromotionCategory[];
}
