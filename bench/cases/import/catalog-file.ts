/**
 * Deterministic catalog files in the format of SPEC.md: the same seed and size always give
 * the same bytes, so runs and machines compare like with like.
 */
import * as fs from 'node:fs';
import { once } from 'node:events';
import { generator } from '../../lib/random';

export const HEADER = 'product_slug,product_name,category_slug,description,image_url,is_active,sku,option_label,price_cents,stock,size,color,warehouse';
export const VARIANTS_PER_PRODUCT = 5;
/** The named warehouse some rows use; the others leave warehouse empty (the default one). */
export const OTHER_WAREHOUSE = 'Bodega Sur';

const WORDS = ['indica', 'sativa', 'hibrida', 'auto', 'feminizada', 'gorilla', 'kush', 'haze', 'skunk', 'diesel', 'maceta', 'sustrato', 'fertilizante', 'lampara', 'tijera'];
const LABELS = ['1 semilla', '3 semillas', '5 semillas', '10 semillas', '25 semillas'];
const SIZES = ['S', 'M', 'L', '20L', '40L'];
const COLORS = ['negro', 'blanco', 'verde'];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CatalogFileOptions {
  products: number;
  seed?: number;
  /** Every n-th variant gets a different price (the "10% prices changed" file: 10). */
  changePriceEvery?: number;
}

export interface CatalogFileFacts {
  rows: number;
  products: number;
  variants: number;
  /** Inventory rows with stock > 0 (an import creates none for 0 in a new variant). */
  stockedRows: number;
  totalStock: number;
  priceChanges: number;
}

/** Writes the file and returns what a correct import of it must produce. */
export async function writeCatalogFile(target: string, options: CatalogFileOptions): Promise<CatalogFileFacts> {
  const random = generator(options.seed ?? 20_261_123);
  const out = fs.createWriteStream(target);
  const facts: CatalogFileFacts = { rows: 0, products: options.products, variants: 0, stockedRows: 0, totalStock: 0, priceChanges: 0 };
  let buffer = `${HEADER}\n`;
  for (let p = 0; p < options.products; p++) {
    const word = WORDS[Math.floor(random() * WORDS.length)];
    const medicinal = random() < 0.2;
    const slug = `${medicinal ? 'aceite' : 'semilla'}-${word}-${p}`;
    const name = `${medicinal ? 'Aceite' : 'Semilla'} ${word[0].toUpperCase()}${word.slice(1)} Nº${p}`;
    const description = random() < 0.6 ? `Descripción del producto ${p}, "${word}" de calidad; ${Math.floor(random() * 100)}% germinación` : '';
    const image = random() < 0.7 ? `https://img.store.test/p/${p}.jpg` : '';
    const active = random() < 0.95 ? 'true' : 'false';
    const productColumns = [slug, name, medicinal ? 'medicinal' : 'semillas', description, image, active].map(csvField).join(',');
    for (let v = 0; v < VARIANTS_PER_PRODUCT; v++) {
      const variant = facts.variants++;
      let price = 1000 * (1 + Math.floor(random() * 5000));
      const stock = random() < 0.1 ? 0 : Math.floor(random() * 500);
      const size = random() < 0.3 ? SIZES[Math.floor(random() * SIZES.length)] : '';
      const color = random() < 0.2 ? COLORS[Math.floor(random() * COLORS.length)] : '';
      const warehouse = random() < 0.2 ? OTHER_WAREHOUSE : '';
      if (options.changePriceEvery && variant % options.changePriceEvery === 0) {
        price += 500;
        facts.priceChanges++;
      }
      facts.rows++;
      if (stock > 0) facts.stockedRows++;
      facts.totalStock += stock;
      buffer += `${productColumns},SKU-${p}-${v + 1},${LABELS[v % LABELS.length]},${price},${stock},${size},${color},${csvField(warehouse)}\n`;
    }
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return facts;
}
