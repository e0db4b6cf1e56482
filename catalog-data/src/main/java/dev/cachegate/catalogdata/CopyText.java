package dev.cachegate.catalogdata;

/**
 * Encoding of generated products as rows of PostgreSQL's COPY text format.
 *
 * <p>Design: the text format (tab-separated, backslash escapes, one row per line) is the cheapest
 * format for the server to parse and needs no quoting, only escaping of backslash, tab, newline and
 * carriage return. The generator never emits those characters, but the encoding escapes them anyway
 * so a change to the word lists cannot silently corrupt a load. Kept as pure static functions so the
 * encoding is testable without a database.
 */
final class CopyText {

    /** Column list of the COPY statement, in the order {@link #appendRow} writes the fields. */
    static final String COLUMNS = "id, sku, name, description, price_cents, currency, version, updated_at";

    private CopyText() {
    }

    /**
     * Appends one product as a COPY text row, including the trailing newline.
     *
     * @param row       destination
     * @param product   the product
     * @param version   value of the {@code version} column
     * @param updatedAt value of the {@code updated_at} column, already in PostgreSQL input syntax
     */
    static StringBuilder appendRow(StringBuilder row, GeneratedProduct product, long version, String updatedAt) {
        row.append(product.id()).append('\t');
        appendField(row, product.sku()).append('\t');
        appendField(row, product.name()).append('\t');
        appendField(row, product.description()).append('\t');
        row.append(product.priceCents()).append('\t');
        appendField(row, product.currency()).append('\t');
        row.append(version).append('\t');
        appendField(row, updatedAt);
        return row.append('\n');
    }

    /** Appends {@code value} escaped for the COPY text format. */
    static StringBuilder appendField(StringBuilder out, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** Returns {@code value} escaped for the COPY text format. */
    static String escape(String value) {
        return appendField(new StringBuilder(value.length() + 8), value).toString();
    }
}
