/** promotion_categories: categories a category promotion applies to (M:N link). */
import { BelongsTo, Column, DataType, ForeignKey, Model, PrimaryKey, Table } from 'sequelize-typescript';
import { Category } from './category';
import { Promotion } from './promotion';

export interface PromotionCategoryAttributes {
  promotionId: number;
  categoryId: number;
}

@Table({ tableName: 'promotion_categories', underscored: true, timestamps: false })
export class PromotionCategory extends Model<PromotionCategoryAttributes, PromotionCategoryAttributes> {
  /** Primary key (promotion_id, category_id). */
  @PrimaryKey
  @ForeignKey(() => Promotion)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'promotions', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  promotionId!: number;

  @PrimaryKey
  @ForeignKey(() => Category)
  @Column({
    type: DataType.BIGINT,
    allowNull: false,
    references: { model: 'categories', key: 'id' },
    onUpdate: 'CASCADE',
    onDelete: 'RESTRICT',
  })
  categoryId!: number;

  @BelongsTo(() => Promotion, 'promotionId')
  promotion?: Promotion;

  @BelongsTo(() => Category, 'categoryId')
  category?: Category;
}
