package dev.cachegate.payments;

import dev.cachegate.config.ConfigChecks;
import io.micronaut.core.annotation.Nullable;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /payments} body.
 *
 * <p>The rule for fields: {@code amountCents} (integer, 1 to the configured maximum), {@code currency} (ISO 4217),
 * {@code source} (1–64 of {@code [A-Za-z0-9_-]}, e.g. {@code tok_visa}) are required; {@code description} (at most
 * 500 printable characters) is optional; any other field is rejected, so a typo never silently drops intent.
 *
 * @param amountCents the amount in the currency's minor unit
 * @param currency    ISO 4217 code
 * @param source      the payment source token
 * @param description free text, or null
 * @param canonical   the body in canonical form (keys sorted, no whitespace): the basis of the fingerprint
 */
public record PaymentRequest(long amountCents, String currency, String source, @Nullable String description,
                             String canonical) {

    private static final Set<String> FIELDS = Set.of("amountCents", "currency", "source", "description");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_DESCRIPTION = 500;

    /**
     * @param body           the parsed JSON body
     * @param maxAmountCents the largest amount accepted
     * @return the request
     * @throws InvalidPaymentException naming the first bad field and echoing its value
     */
    public static PaymentRequest from(@Nullable Object body, long maxAmountCents) {
        if (!(body instanceof Map<?, ?> fields)) {
            throw InvalidPaymentException.unreadable("the body must be a JSON object such as {\"amountCents\": 1299, "
                    + "\"currency\": \"EUR\", \"source\": \"tok_visa\", \"description\": \"order 1234\"}");
        }
        for (Iterator<?> names = fields.keySet().iterator(); names.hasNext();) {
            Object name = names.next();
            if (!FIELDS.contains(name)) {
                throw InvalidPaymentException.field("unknown field '" + shorten(String.valueOf(name))
                        + "'; a payment has amountCents, currency, source and description");
            }
        }
        Object amount = fields.get("amountCents");
        if (!(amount instanceof Integer || amount instanceof Long || amount instanceof java.math.BigInteger)) {
            throw InvalidPaymentException.field("amountCents must be a whole number of minor units but was "
                    + describe(amount));
        }
        java.math.BigInteger cents = new java.math.BigInteger(amount.toString());
        if (cents.signum() <= 0 || cents.compareTo(java.math.BigInteger.valueOf(maxAmountCents)) > 0) {
            throw InvalidPaymentException.field("amountCents must be between 1 and " + maxAmountCents + " but was "
                    + shorten(cents.toString()));
        }
        String currency = text(fields, "currency", true);
        if (!ConfigChecks.isIso4217(currency)) {
            throw InvalidPaymentException.field("currency must be an ISO 4217 code such as EUR but was '"
                    + shorten(currency) + "'");
        }
        String source = text(fields, "source", true);
        if (!SOURCE.matcher(source).matches()) {
            throw InvalidPaymentException.field("source must be 1-64 letters, digits, '_' or '-' but was '"
                    + shorten(source) + "'");
        }
        String description = text(fields, "description", false);
        if (description != null && (description.length() > MAX_DESCRIPTION
                || description.codePoints().anyMatch(Character::isISOControl))) {
            throw InvalidPaymentException.field("description must be at most " + MAX_DESCRIPTION
                    + " characters without control characters but had " + description.length());
        }
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("amountCents", cents.longValue());
        canonical.put("currency", currency);
        canonical.put("source", source);
        if (description != null) {
            canonical.put("description", description);
        }
        return new PaymentRequest(cents.longValue(), currency, source, description, canonicalJson(canonical));
    }

    private static @Nullable String text(Map<?, ?> fields, String name, boolean required) {
        Object value = fields.get(name);
        if (value == null) {
            if (required) {
                throw InvalidPaymentException.field(name + " is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw InvalidPaymentException.field(name + " must be a string but was " + describe(value));
        }
        return text;
    }

    private static String describe(@Nullable Object value) {
        if (value == null) {
            return "missing";
        }
        String kind = value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value instanceof Number ? "a fractional number" : value instanceof Map ? "an object"
                : value instanceof java.util.List ? "an array" : "a " + value.getClass().getSimpleName();
        return kind + " (" + shorten(String.valueOf(value)) + ")";
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String canonicalJson(Map<String, Object> sorted) {
        StringBuilder json = new StringBuilder("{");
        sorted.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":");
            if (value instanceof String text) {
                quote(json, text);
            } else {
                json.append(value);
            }
        });
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
