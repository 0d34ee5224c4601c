import { Flags } from '@oclif/core';
import { StoreCommand } from '../../lib/base-command';
import { orderCard } from '../../presenters/order';
import { createOrder } from '../../services/orders/create';
import { SHIPPING_PRICES_CENTS } from '../../services/orders/pricing';
import { ITEM_FORMAT } from '../../services/orders/schemas';
import type { OrderDetails } from '../../services/orders/show';
import { WAREHOUSE_ORDER } from '../../services/orders/stock';
import { formatCents } from '../../lib/render';

export default class OrdersCreate extends StoreCommand {
  static summary = 'Create a pending order for a customer and reserve its stock.';
  static description = `Each line is priced at the variant's current price; the best promotion running now applies per line (product, category or whole-order promotions) and the coupon, if any, applies after it. Shipping: ${Object.entries(SHIPPING_PRICES_CENTS)
    .map(([method, cents]) => `${method} ${cents === 0 ? 'free' : formatCents(cents)}`)
    .join(', ')}. Delivery goes to --address or the buyer's default address.

The units are reserved at once (${WAREHOUSE_ORDER}), so two pending orders never count on the same unit; the order is refused if a variant does not have enough unreserved stock. Inactive products and variants are refused, and so are medicinal products for a buyer who is neither validated by staff nor holding an approved, valid prescription or certificate.

Exit codes: 2 a required flag missing, 3 an invalid flag, 4 no such user, SKU, address or coupon, 5 refused (stock, medicinal, coupon, inactive), 6 not allowed.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> --user cliente@store.test --item NL-AUTO-X3:2',
    '<%= config.bin %> <%= command.id %> --user cliente@store.test --item NL-AUTO-X1:1 --item AH-FEM-X3:2 --coupon BIENVENIDA10 --shipping chilexpress',
    '<%= config.bin %> <%= command.id %> --user 2 --item CBD-FS-30ML:1 --json',
  ];

  static flags = {
    user: Flags.string({ summary: 'The buyer: e-mail or user id.', required: true }),
    item: Flags.string({ summary: `A line, ${ITEM_FORMAT} (repeat for more lines).`, required: true, multiple: true }),
    coupon: Flags.string({ summary: 'Coupon code (any case).' }),
    shipping: Flags.string({ summary: 'retiro_tienda, chilexpress, starken or manual.', default: 'retiro_tienda' }),
    address: Flags.string({ summary: "Address id to ship to. [default: the buyer's default address]" }),
  };

  async run(): Promise<OrderDetails> {
    const { flags } = await this.parse(OrdersCreate);
    const context = await this.authorized();
    const order = await createOrder(context, { user: flags.user, items: flags.item, coupon: flags.coupon, shipping: flags.shipping, address: flags.address });
    this.say(orderCard(order));
    this.note(`Order ${order.id} is pending; pay it with \`store orders:pay ${order.id} --provider webpay --ref REF\`.`);
    return order;
  }
}
