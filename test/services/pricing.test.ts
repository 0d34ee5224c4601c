/**
 * The pricing engine against a real database: promotions by product, category (and its
 * ancestors) and order, the best one per line, exact rounding, coupons and their refusals,
 * the shipping table, and claimCoupon under a race of twenty payers.
 */
import { expect } from 'chai';
import pg from 'pg';
import { Sequelize } from 'sequelize-typescript';
import { QueryTypes, type Transaction } from 'sequelize';
import { sqlOf } from '../../src/db/sql';
import { ExitCode, NotFoundError, RuleViolation, StoreError, ValidationError } from '../../src/lib/errors';
import { claimCoupon, priceOrder, SHIPPING_PRICES_CENTS, type PricingLine, type Quote, type ShippingMethod } from '../../src/services/orders/pricing';
import { PAID_ORDER_SQL } from '../helpers/orders';
import { buildUser } from '../helpers/people';
import { freshDatabase, type TestDatabase } from '../helpers/database';

const AT = new Date('2026-06-15T15:00:00Z');
const DAY = 24 * 3600 * 1000;
const daysBefore = (days: number) => new Date(AT.getTime() - days * DAY);
const daysAfter = (days: number) => new Date(AT.getTime() + days * DAY);

describe('order pricing (src/services/orders/pricing.ts)', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let sequelize: Sequelize;
  /** Category ids: medicinal > aceites > cbd, and semillas, a root of its own. */
  const cat: Record<string, number> = {};
  /** Product ids: aceite (in cbd), flor (in medicinal), auto and feminizada (in semillas). */
  const prod: Record<string, number> = {};
  let buyerId = 0;
  let variantSeq = 0;

  async function category(slug: string, parent?: string): Promise<void> {
    const [row] = await db.query<{ id: number }>('INSERT INTO categories (slug, name, parent_id) VALUES ($1, $1, $2) RETURNING id::int', [slug, parent ? cat[parent] : null]);
    cat[slug] = row.id;
  }
  async function product(slug: string, categorySlug: string): Promise<void> {
    const [row] = await db.query<{ id: number }>('INSERT INTO products (slug, name, category_id) VALUES ($1, $1, $2) RETURNING id::int', [slug, cat[categorySlug]]);
    prod[slug] = row.id;
  }

  before(async () => {
    db = await freshDatabase();
    sequelize = await db.sequelize();
    await category('medicinal');
    await category('aceites', 'medicinal');
    await category('cbd', 'aceites');
    await category('semillas');
    await product('aceite', 'cbd');
    await product('flor', 'medicinal');
    await product('auto', 'semillas');
    await product('feminizada', 'semillas');
    // What a paid order needs, for claimCoupon: a buyer, a variant and a warehouse.
    buyerId = (await buildUser(db)).id;
    await db.query(`INSERT INTO product_variants (product_id, sku, option_label, price_cents) VALUES ($1, 'AUTO-1', 'x1', 10000)`, [prod.auto]);
    await db.query(`INSERT INTO warehouses (name, is_default) VALUES ('Bodega', true)`);
  });
  after(async () => db.close());
  beforeEach(async () => {
    await db.query('DELETE FROM stock_allocations; DELETE FROM orders; DELETE FROM promotion_products; DELETE FROM promotion_categories; DELETE FROM promotions; DELETE FROM coupons');
  });

  const productCategory: Record<string, string> = { aceite: 'cbd', flor: 'medicinal', auto: 'semillas', feminizada: 'semillas' };
  function line(slug: string, unitPriceCents: number, quantity = 1): PricingLine {
    return { variantId: ++variantSeq, productId: prod[slug], categoryId: cat[productCategory[slug]], unitPriceCents, quantity };
  }

  interface PromotionSpec {
    appliesTo: 'product' | 'category' | 'order';
    percent: number;
    products?: string[];
    categories?: string[];
    starts?: Date;
    ends?: Date;
    active?: boolean;
    name?: string;
  }
  async function promotion(spec: PromotionSpec): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      'INSERT INTO promotions (name, applies_to, percent_off, starts_at, ends_at, is_active) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int',
      [spec.name ?? `${spec.appliesTo} ${spec.percent}%`, spec.appliesTo, spec.percent, spec.starts ?? daysBefore(10), spec.ends ?? daysAfter(10), spec.active ?? true],
    );
    for (const slug of spec.products ?? []) await db.query('INSERT INTO promotion_products (promotion_id, product_id) VALUES ($1, $2)', [row.id, prod[slug]]);
    for (const slug of spec.categories ?? []) await db.query('INSERT INTO promotion_categories (promotion_id, category_id) VALUES ($1, $2)', [row.id, cat[slug]]);
    return row.id;
  }

  interface CouponSpec {
    code: string;
    percent?: number;
    amount?: number;
    minOrder?: number;
    starts?: Date | null;
    ends?: Date | null;
    limit?: number | null;
    used?: number;
    active?: boolean;
  }
  async function coupon(spec: CouponSpec): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO coupons (code, type, percent_value, value_cents, min_order_cents, starts_at, ends_at, usage_limit, used_count, is_active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::int`,
      [
        spec.code,
        spec.percent !== undefined ? 'percent' : 'fixed',
        spec.percent ?? null,
        spec.amount ?? null,
        spec.minOrder ?? 0,
        spec.starts ?? null,
        spec.ends ?? null,
        spec.limit ?? null,
        spec.used ?? 0,
        spec.active ?? true,
      ],
    );
    return row.id;
  }

  function quote(lines: PricingLine[], options: { couponCode?: string; shippingMethod?: ShippingMethod; at?: Date } = {}): Promise<Quote> {
    return sequelize.transaction((transaction) =>
      priceOrder(sequelize, transaction, { lines, couponCode: options.couponCode, shippingMethod: options.shippingMethod ?? 'retiro_tienda', at: options.at ?? AT }),
    );
  }
  async function refusal(promise: Promise<unknown>): Promise<StoreError> {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(StoreError);
      return error as StoreError;
    }
    return expect.fail('expected a refusal, but the order was priced');
  }
  const percents = (q: Quote) => q.lines.map((l) => l.promotion?.percentOff ?? 0);

  describe('promotions', () => {
    it('without promotions or coupon, the order costs its list prices plus shipping', async () => {
      const q = await quote([line('aceite', 2_499_000, 2), line('auto', 1_290_000, 3)], { shippingMethod: 'chilexpress' });
      expect(q.lines.map((l) => [l.lineTotalCents, l.promotion, l.promotionDiscountCents])).to.deep.equal([
        [4_998_000, null, 0],
        [3_870_000, null, 0],
      ]);
      expect(q).to.deep.include({ totalCents: 8_868_000, promotionDiscountCents: 0, coupon: null, discountCents: 0, shippingMethod: 'chilexpress', shippingPriceCents: 499_000, amountDueCents: 9_367_000 });
    });

    it('keeps every input field on the priced lines', async () => {
      const l = line('flor', 1000, 4);
      const q = await quote([l]);
      expect(q.lines[0]).to.deep.include(l);
    });

    it('a product promotion discounts only the lines of its products', async () => {
      const id = await promotion({ appliesTo: 'product', percent: 20, products: ['auto'], name: 'Autos 20%' });
      const q = await quote([line('auto', 10_000, 2), line('feminizada', 10_000)]);
      expect(q.lines[0].promotion).to.deep.equal({ id, name: 'Autos 20%', percentOff: 20 });
      expect(q.lines[0].promotionDiscountCents).to.equal(4_000);
      expect(q.lines[1].promotion).to.equal(null);
      expect(q).to.deep.include({ totalCents: 30_000, promotionDiscountCents: 4_000, discountCents: 4_000, amountDueCents: 26_000 });
    });

    it('a category promotion covers the products of that category', async () => {
      await promotion({ appliesTo: 'category', percent: 10, categories: ['semillas'] });
      const q = await quote([line('auto', 10_000), line('feminizada', 5_000), line('flor', 7_000)]);
      expect(percents(q)).to.deep.equal([10, 10, 0]);
      expect(q.promotionDiscountCents).to.equal(1_500);
    });

    it('a category promotion covers every subcategory below it, and not the categories above', async () => {
      await promotion({ appliesTo: 'category', percent: 30, categories: ['medicinal'] });
      await promotion({ appliesTo: 'category', percent: 40, categories: ['aceites'] });
      const q = await quote([line('aceite', 10_000), line('flor', 10_000), line('auto', 10_000)]);
      // aceite is in cbd < aceites < medicinal: both apply, 40 wins; flor is in medicinal, above aceites.
      expect(percents(q)).to.deep.equal([40, 30, 0]);
    });

    it('an order promotion covers every line', async () => {
      await promotion({ appliesTo: 'order', percent: 5 });
      const q = await quote([line('aceite', 10_000), line('auto', 20_000)]);
      expect(percents(q)).to.deep.equal([5, 5]);
      expect(q.promotionDiscountCents).to.equal(1_500);
    });

    it('each line gets its best promotion, never two', async () => {
      await promotion({ appliesTo: 'product', percent: 10, products: ['aceite', 'auto'] });
      await promotion({ appliesTo: 'category', percent: 25, categories: ['medicinal'] });
      await promotion({ appliesTo: 'order', percent: 15 });
      const q = await quote([line('aceite', 10_000), line('auto', 10_000), line('feminizada', 10_000)]);
      expect(percents(q)).to.deep.equal([25, 15, 15]);
      expect(q.promotionDiscountCents).to.equal(5_500);
    });

    it('between equal percents the oldest promotion (lowest id) wins', async () => {
      const first = await promotion({ appliesTo: 'order', percent: 10, name: 'primera' });
      await promotion({ appliesTo: 'product', percent: 10, products: ['auto'], name: 'segunda' });
      const q = await quote([line('auto', 10_000)]);
      expect(q.lines[0].promotion).to.deep.equal({ id: first, name: 'primera', percentOff: 10 });
    });

    it('ignores promotions that are disabled, not started or over; the start is inclusive, the end exclusive', async () => {
      await promotion({ appliesTo: 'order', percent: 50, active: false });
      await promotion({ appliesTo: 'order', percent: 40, starts: daysAfter(1), ends: daysAfter(5) });
      await promotion({ appliesTo: 'order', percent: 30, starts: daysBefore(5), ends: daysBefore(1) });
      await promotion({ appliesTo: 'order', percent: 20, starts: daysBefore(5), ends: AT });
      const startsNow = await promotion({ appliesTo: 'order', percent: 7, starts: AT, ends: daysAfter(1) });
      const q = await quote([line('auto', 10_000)]);
      expect(q.lines[0].promotion?.id).to.equal(startsNow);
      expect(q.promotionDiscountCents).to.equal(700);
    });

    it('judges promotions at the instant given, not at the clock', async () => {
      await promotion({ appliesTo: 'order', percent: 30, starts: daysAfter(1), ends: daysAfter(5) });
      expect(percents(await quote([line('auto', 10_000)]))).to.deep.equal([0]);
      expect(percents(await quote([line('auto', 10_000)], { at: daysAfter(2) }))).to.deep.equal([30]);
    });
  });

  describe('rounding', () => {
    it('rounds each line half up to the cent, in integers', async () => {
      await promotion({ appliesTo: 'order', percent: 15 });
      const q = await quote([
        line('auto', 999), // 149.85 → 150
        line('aceite', 10), // 1.5 → 2 (a half goes up)
        line('flor', 3), // 0.45 → 0
        line('feminizada', 333, 3), // 999 → 149.85 → 150: the line total is rounded, not each unit
      ]);
      expect(q.lines.map((l) => l.promotionDiscountCents)).to.deep.equal([150, 2, 0, 150]);
      expect(q.promotionDiscountCents).to.equal(302);
    });

    it('rounds 1 cent at 50% up to 1 cent, and 1 cent at 49% down to 0', async () => {
      await promotion({ appliesTo: 'product', percent: 50, products: ['auto'] });
      await promotion({ appliesTo: 'product', percent: 49, products: ['feminizada'] });
      const q = await quote([line('auto', 1), line('feminizada', 1)]);
      expect(q.lines.map((l) => l.promotionDiscountCents)).to.deep.equal([1, 0]);
    });

    it('stays exact on amounts where float arithmetic would not', async () => {
      await promotion({ appliesTo: 'order', percent: 37 });
      const unit = 900_719_925_474_099; // × 37 is past 2^53
      const q = await quote([line('auto', unit)]);
      expect(q.lines[0].promotionDiscountCents).to.equal(Number((BigInt(unit) * 37n + 50n) / 100n));
      expect(q.lines[0].promotionDiscountCents).to.equal(333_266_372_425_417);
    });

    it('a 100% promotion makes the goods free but not the shipping', async () => {
      await promotion({ appliesTo: 'order', percent: 100 });
      const q = await quote([line('auto', 12_345, 3)], { shippingMethod: 'starken' });
      expect(q).to.deep.include({ totalCents: 37_035, discountCents: 37_035, amountDueCents: SHIPPING_PRICES_CENTS.starken });
    });
  });

  describe('coupons', () => {
    it('a percent coupon applies after promotions, to what is left, and rounds half up', async () => {
      const id = await coupon({ code: 'BIENVENIDA10', percent: 10 });
      await promotion({ appliesTo: 'product', percent: 20, products: ['auto'] });
      // auto 10.005 - 20% (2.001) = 8.004; feminizada 1.001: left 9.005 → 10% = 900.5 → 901
      const q = await quote([line('auto', 10_005), line('feminizada', 1_001)], { couponCode: 'BIENVENIDA10', shippingMethod: 'manual' });
      expect(q.coupon).to.deep.equal({ id, code: 'BIENVENIDA10', discountCents: 901 });
      expect(q).to.deep.include({ totalCents: 11_006, promotionDiscountCents: 2_001, discountCents: 2_902, shippingPriceCents: 299_000, amountDueCents: 11_006 - 2_902 + 299_000 });
    });

    it('finds the code whatever its case or surrounding spaces', async () => {
      const id = await coupon({ code: 'BIENVENIDA10', percent: 10 });
      const q = await quote([line('auto', 10_000)], { couponCode: '  bienvenida10 ' });
      expect(q.coupon).to.deep.equal({ id, code: 'BIENVENIDA10', discountCents: 1_000 });
    });

    it('a fixed coupon takes its value off', async () => {
      await coupon({ code: 'MENOS5000', amount: 500_000 });
      const q = await quote([line('aceite', 2_000_000)], { couponCode: 'MENOS5000' });
      expect(q.coupon?.discountCents).to.equal(500_000);
      expect(q).to.deep.include({ discountCents: 500_000, amountDueCents: 1_500_000 });
    });

    it('a fixed coupon larger than what promotions left is capped: the discount never exceeds the total', async () => {
      await coupon({ code: 'MENOS5000', amount: 500_000 });
      await promotion({ appliesTo: 'order', percent: 50 });
      const q = await quote([line('auto', 400_000)], { couponCode: 'MENOS5000', shippingMethod: 'chilexpress' });
      expect(q.coupon?.discountCents).to.equal(200_000);
      expect(q).to.deep.include({ totalCents: 400_000, discountCents: 400_000, amountDueCents: 499_000 });
    });

    it('a coupon on goods a 100% promotion already made free takes nothing more', async () => {
      await coupon({ code: 'MITAD', percent: 50 });
      await promotion({ appliesTo: 'order', percent: 100 });
      const q = await quote([line('auto', 10_001)], { couponCode: 'mitad' });
      expect(q.coupon?.discountCents).to.equal(0);
      expect(q.discountCents).to.equal(q.totalCents);
    });

    it('a 100% coupon makes the goods free and leaves the shipping', async () => {
      await coupon({ code: 'GRATIS', percent: 100 });
      const q = await quote([line('auto', 7_777, 7)], { couponCode: 'GRATIS', shippingMethod: 'chilexpress' });
      expect(q).to.deep.include({ discountCents: q.totalCents, amountDueCents: 499_000 });
    });

    it('compares the minimum order with the list subtotal, before discounts and shipping', async () => {
      await coupon({ code: 'SOBRE20MIL', amount: 100_000, minOrder: 2_000_000 });
      await promotion({ appliesTo: 'order', percent: 50 });
      const exact = await quote([line('auto', 1_000_000, 2)], { couponCode: 'SOBRE20MIL' });
      expect(exact.coupon?.discountCents).to.equal(100_000);
      const short = await refusal(quote([line('auto', 1_999_900)], { couponCode: 'SOBRE20MIL', shippingMethod: 'chilexpress' }));
      expect(short).to.be.instanceOf(RuleViolation);
      expect(short.exitCode).to.equal(ExitCode.ruleRefused);
      expect(short.message).to.equal('coupon SOBRE20MIL needs an order of at least $20.000 before discounts and shipping; this one is $19.999');
    });

    it('refuses a coupon that has not started, naming when it starts in the store time zone', async () => {
      await coupon({ code: 'NAVIDAD', percent: 10, starts: new Date('2026-12-01T03:00:00Z'), ends: new Date('2026-12-26T03:00:00Z') });
      const error = await refusal(quote([line('auto', 10_000)], { couponCode: 'NAVIDAD' }));
      expect(error).to.be.instanceOf(RuleViolation);
      expect(error.message).to.equal('coupon NAVIDAD is not valid yet: it starts 2026-12-01 00:00 (America/Santiago)');
      const later = await quote([line('auto', 10_000)], { couponCode: 'NAVIDAD', at: new Date('2026-12-01T03:00:00Z') });
      expect(later.coupon?.discountCents).to.equal(1_000);
    });

    it('refuses an expired coupon: the end is exclusive', async () => {
      await coupon({ code: 'INVIERNO', percent: 10, starts: daysBefore(30), ends: AT });
      const error = await refusal(quote([line('auto', 10_000)], { couponCode: 'INVIERNO' }));
      expect(error).to.be.instanceOf(RuleViolation);
      expect(error.message).to.equal('coupon INVIERNO has expired: it ended 2026-06-15 11:00 (America/Santiago)');
      const justBefore = await quote([line('auto', 10_000)], { couponCode: 'INVIERNO', at: new Date(AT.getTime() - 1) });
      expect(justBefore.coupon?.discountCents).to.equal(1_000);
    });

    it('refuses a disabled coupon', async () => {
      await coupon({ code: 'VIEJO', percent: 10, active: false });
      const error = await refusal(quote([line('auto', 10_000)], { couponCode: 'VIEJO' }));
      expect(error).to.be.instanceOf(RuleViolation);
      expect(error.message).to.equal('coupon VIEJO is disabled: it can no longer be used');
    });

    it('refuses a coupon whose uses are all taken, and accepts one with uses left', async () => {
      await coupon({ code: 'TRES', percent: 10, limit: 3, used: 3 });
      await coupon({ code: 'QUEDA', percent: 10, limit: 3, used: 2 });
      const error = await refusal(quote([line('auto', 10_000)], { couponCode: 'TRES' }));
      expect(error).to.be.instanceOf(RuleViolation);
      expect(error.message).to.equal('coupon TRES has been used up: 3 of 3 uses taken');
      expect((await quote([line('auto', 10_000)], { couponCode: 'QUEDA' })).coupon?.discountCents).to.equal(1_000);
    });

    it('an unknown code is not found (exit 4); a malformed one is invalid (exit 3)', async () => {
      const missing = await refusal(quote([line('auto', 10_000)], { couponCode: 'nadie' }));
      expect(missing).to.be.instanceOf(NotFoundError);
      expect(missing.exitCode).to.equal(ExitCode.notFound);
      expect(missing.message).to.equal('no coupon "NADIE"');
      const malformed = await refusal(quote([line('auto', 10_000)], { couponCode: 'diez %' }));
      expect(malformed).to.be.instanceOf(ValidationError);
      expect(malformed.message).to.match(/^--coupon: must be letters and digits/);
    });

    it('pricing writes nothing: the use is counted at payment', async () => {
      await coupon({ code: 'BIENVENIDA10', percent: 10, limit: 1 });
      await quote([line('auto', 10_000)], { couponCode: 'BIENVENIDA10' });
      await quote([line('auto', 10_000)], { couponCode: 'BIENVENIDA10' });
      expect(await db.query('SELECT used_count FROM coupons')).to.deep.equal([{ used_count: 0 }]);
    });
  });

  describe('shipping', () => {
    it('is a flat price per method: store pickup free, couriers in pesos', async () => {
      expect(SHIPPING_PRICES_CENTS).to.deep.equal({ retiro_tienda: 0, chilexpress: 499_000, starken: 399_000, manual: 299_000 });
      expect(Object.isFrozen(SHIPPING_PRICES_CENTS)).to.equal(true);
      for (const method of Object.keys(SHIPPING_PRICES_CENTS) as ShippingMethod[]) {
        const q = await quote([line('auto', 10_000)], { shippingMethod: method });
        expect(q).to.deep.include({ shippingMethod: method, shippingPriceCents: SHIPPING_PRICES_CENTS[method], amountDueCents: 10_000 + SHIPPING_PRICES_CENTS[method] });
      }
    });

    it('is not discounted by promotions or coupons', async () => {
      await promotion({ appliesTo: 'order', percent: 50 });
      await coupon({ code: 'MITAD', percent: 50 });
      const q = await quote([line('auto', 10_000)], { couponCode: 'MITAD', shippingMethod: 'chilexpress' });
      expect(q).to.deep.include({ discountCents: 7_500, shippingPriceCents: 499_000, amountDueCents: 2_500 + 499_000 });
    });

    it('refuses an unknown method', async () => {
      const error = await refusal(quote([line('auto', 10_000)], { shippingMethod: 'dron' as ShippingMethod }));
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.equal('--shipping: must be one of retiro_tienda, chilexpress, starken, manual');
    });
  });

  describe('claimCoupon', () => {
    /** What a payment does: count the use, and the order becomes paid, in one transaction. */
    const claim = (couponId: number, orderTotalCents: number, at = AT) =>
      sequelize.transaction(async (transaction) => {
        await claimCoupon(sqlOf(sequelize, transaction), { couponId, orderTotalCents, at });
        await sequelize.query(PAID_ORDER_SQL, { bind: [buyerId, 'AUTO-1', 1, null, couponId], transaction });
      });
    const usedCount = async (id: number) => (await db.query<{ used_count: number }>('SELECT used_count FROM coupons WHERE id = $1', [id]))[0].used_count;

    it('counts one use per paid order, up to the limit, then refuses naming why', async () => {
      const id = await coupon({ code: 'DOS', percent: 10, limit: 2 });
      await claim(id, 10_000);
      await claim(id, 10_000);
      expect(await usedCount(id)).to.equal(2);
      const error = await refusal(claim(id, 10_000));
      expect(error).to.be.instanceOf(RuleViolation);
      expect(error.message).to.equal('coupon DOS has been used up: 2 of 2 uses taken');
      expect(await usedCount(id)).to.equal(2);
    });

    it('refuses outside the dates, below the minimum, or when disabled, and counts nothing', async () => {
      const cases: Array<[CouponSpec, number, Date, string]> = [
        [{ code: 'FUTURO', percent: 5, starts: daysAfter(1) }, 10_000, AT, 'coupon FUTURO is not valid yet: it starts 2026-06-16 11:00 (America/Santiago)'],
        [{ code: 'PASADO', percent: 5, ends: AT }, 10_000, AT, 'coupon PASADO has expired: it ended 2026-06-15 11:00 (America/Santiago)'],
        [{ code: 'MINIMO', percent: 5, minOrder: 20_000 }, 10_000, AT, 'coupon MINIMO needs an order of at least $200 before discounts and shipping; this one is $100'],
        [{ code: 'APAGADO', percent: 5, active: false }, 10_000, AT, 'coupon APAGADO is disabled: it can no longer be used'],
      ];
      for (const [spec, total, at, message] of cases) {
        const id = await coupon(spec);
        const error = await refusal(claim(id, total, at));
        expect(error, spec.code).to.be.instanceOf(RuleViolation);
        expect(error.message).to.equal(message);
        expect(await usedCount(id)).to.equal(0);
      }
    });

    it('an unknown coupon id is not found', async () => {
      const error = await refusal(claim(987_654, 10_000));
      expect(error).to.be.instanceOf(NotFoundError);
    });

    it('accepts at the minimum exactly, with no limit, and in the caller transaction only', async () => {
      const id = await coupon({ code: 'ABIERTO', amount: 1_000, minOrder: 10_000 });
      await claim(id, 10_000);
      await sequelize
        .transaction(async (transaction) => {
          await claimCoupon(sqlOf(sequelize, transaction), { couponId: id, orderTotalCents: 10_000, at: AT });
          throw new Error('payment failed later');
        })
        .catch(() => undefined);
      expect(await usedCount(id)).to.equal(1);
    });

    it('of 20 concurrent payers of a coupon limited to 3, exactly 3 succeed', async () => {
      const id = await coupon({ code: 'CARRERA', percent: 10, limit: 3 });
      const racers = new Sequelize(db.url, { dialect: 'postgres', dialectModule: pg, logging: false, pool: { max: 20, min: 0, acquire: 30_000 } });
      try {
        const PAYERS = 20;
        let inside = 0;
        let release!: () => void;
        const allInside = new Promise<void>((resolve) => (release = resolve));
        const pids = new Set<number>();
        const outcomes = await Promise.allSettled(
          Array.from({ length: PAYERS }, () =>
            racers.transaction(async (transaction: Transaction) => {
              const [{ pid }] = await racers.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', { type: QueryTypes.SELECT, transaction });
              pids.add(pid);
              if (++inside === PAYERS) release();
              await allInside; // every payer holds an open transaction on its own connection before any claims
              await claimCoupon(sqlOf(racers, transaction), { couponId: id, orderTotalCents: 10_000, at: AT });
              await racers.query(PAID_ORDER_SQL, { bind: [buyerId, 'AUTO-1', 1, null, id], transaction });
              await new Promise((resolve) => setTimeout(resolve, 20)); // keep the row lock while others queue on it
            }),
          ),
        );
        expect(pids.size).to.equal(PAYERS);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).to.have.length(3);
        expect(lost).to.have.length(17);
        for (const o of lost) {
          expect(o.reason).to.be.instanceOf(RuleViolation);
          expect((o.reason as Error).message).to.equal('coupon CARRERA has been used up: 3 of 3 uses taken');
        }
        expect(await usedCount(id)).to.equal(3);
      } finally {
        await racers.close();
      }
    });
  });
});
