/**
 * Finding catalog rows the way people name them: categories and products by slug, variants
 * by SKU, warehouses by name or id. One place, so every command says "not found" alike.
 * With a transaction, the row is locked for update.
 */
import type { Transaction } from 'sequelize';
import { NotFoundError, RuleViolation } from '../../lib/errors';
import { Category, Product, ProductVariant, Warehouse } from '../../models';

const lockIn = (transaction?: Transaction) => (transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {});

export async function findCategory(slug: string, transaction?: Transaction): Promise<Category> {
  const category = await Category.findOne({ where: { slug: slug.trim().toLowerCase() }, ...lockIn(transaction) });
  if (!category) throw new NotFoundError(`no category ${JSON.stringify(slug.trim())}`);
  return category;
}

export async function findProduct(slug: string, transaction?: Transaction): Promise<Product> {
  const product = await Product.findOne({ where: { slug: slug.trim().toLowerCase() }, ...lockIn(transaction) });
  if (!product) throw new NotFoundError(`no product ${JSON.stringify(slug.trim())}`);
  return product;
}

/**
 * With a transaction the variant is locked FOR NO KEY UPDATE: stock movements and orders
 * queue on it, while inserts that merely refer to it (an order line's foreign key takes
 * KEY SHARE) do not wait, and cannot deadlock against a mover that locked it first.
 */
export async function findVariant(sku: string, transaction?: Transaction): Promise<ProductVariant> {
  const lock = transaction ? { transaction, lock: transaction.LOCK.NO_KEY_UPDATE } : {};
  const variant = await ProductVariant.findOne({ where: { sku: sku.trim() }, ...lock });
  if (!variant) throw new NotFoundError(`no variant with SKU ${JSON.stringify(sku.trim())}`);
  return variant;
}

export async function findWarehouse(reference: string, transaction?: Transaction): Promise<Warehouse> {
  const trimmed = reference.trim();
  const warehouse = /^[1-9][0-9]{0,15}$/.test(trimmed)
    ? await Warehouse.findByPk(Number(trimmed), { transaction })
    : await Warehouse.findOne({ where: { name: trimmed }, transaction });
  if (!warehouse) throw new NotFoundError(`no warehouse ${JSON.stringify(trimmed)}`);
  return warehouse;
}

/** The default warehouse (new stock goes there unless told otherwise). */
export async function defaultWarehouse(transaction?: Transaction): Promise<Warehouse> {
  const warehouse = await Warehouse.findOne({ where: { isDefault: true }, transaction });
  if (!warehouse) throw new RuleViolation('there is no default warehouse: create one with `store warehouses:add --name NAME --default`');
  return warehouse;
}
