package io.ubernetes.federation.resource;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The naming rules of Kubernetes (apimachinery's {@code validation} package): DNS labels and
 * subdomains, port names, qualified names for label and annotation keys, label values, annotation
 * size.
 */
public final class KubernetesValidation {
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL_PATTERN = Pattern.compile(DNS_LABEL);
  private static final Pattern DNS_SUBDOMAIN_PATTERN =
      Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  private static final Pattern DNS_1035_LABEL_PATTERN =
      Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern PORT_NAME_CHARACTERS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern LETTER = Pattern.compile("[a-z]");
  private static final Pattern QUALIFIED_NAME_PATTERN =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  /**
   * Kubernetes' quantity grammar, non-negative: a number, then a binary, decimal or exponent
   * suffix.
   */
  private static final Pattern QUANTITY =
      Pattern.compile(
          "\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,2}|[numkMGTPE]|[KMGTPE]i)?");

  private static final int MAX_QUANTITY_LENGTH = 64;
  private static final int DNS_LABEL_MAX = 63;
  private static final int DNS_SUBDOMAIN_MAX = 253;
  private static final int PORT_NAME_MAX = 15;
  private static final int TOTAL_ANNOTATION_SIZE_MAX = 256 * 1024;

  static final String DNS_LABEL_RULE =
      "must be a DNS-1123 label: at most 63 lower case alphanumeric characters or '-', starting and"
          + " ending with an alphanumeric character (e.g. 'my-name')";
  static final String DNS_SUBDOMAIN_RULE =
      "must be a DNS-1123 subdomain: at most 253 lower case alphanumeric characters, '-' or '.',"
          + " starting and ending with an alphanumeric character (e.g. 'example.com')";
  static final String DNS_1035_LABEL_RULE =
      "must be a DNS-1035 label: at most 63 lower case alphanumeric characters or '-', starting"
          + " with a letter and ending with an alphanumeric character (e.g. 'my-name')";
  static final String PORT_NAME_RULE =
      "must be an IANA_SVC_NAME: at most 15 lower case alphanumeric characters or '-', with at"
          + " least one letter, not starting or ending with '-' and without '--' (e.g. 'http')";
  private static final String QUALIFIED_NAME_RULE =
      "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63"
          + " alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric"
          + " character (e.g. 'example.com/my-name')";
  private static final String LABEL_VALUE_RULE =
      "must be empty or at most 63 alphanumeric characters, '-', '_' or '.', starting and ending"
          + " with an alphanumeric character";

  private KubernetesValidation() {}

  public static boolean isDnsLabel(String value) {
    return value != null
        && value.length() <= DNS_LABEL_MAX
        && DNS_LABEL_PATTERN.matcher(value).matches();
  }

  public static boolean isDnsSubdomain(String value) {
    return value != null
        && value.length() <= DNS_SUBDOMAIN_MAX
        && DNS_SUBDOMAIN_PATTERN.matcher(value).matches();
  }

  /**
   * A DNS-1035 label, as Kubernetes requires of Service names: a DNS-1123 label that starts with a
   * letter.
   */
  public static boolean isDns1035Label(String value) {
    return value != null
        && value.length() <= DNS_LABEL_MAX
        && DNS_1035_LABEL_PATTERN.matcher(value).matches();
  }

  /**
   * An IANA service name (RFC 6335), as Kubernetes requires of named ports: the label of an SRV
   * record's {@code _<name>._<protocol>}.
   */
  public static boolean isPortName(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= PORT_NAME_MAX
        && PORT_NAME_CHARACTERS.matcher(value).matches()
        && LETTER.matcher(value).find()
        && !value.startsWith("-")
        && !value.endsWith("-")
        && !value.contains("--");
  }

  public static boolean isQualifiedName(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    int slash = value.indexOf('/');
    String name = slash < 0 ? value : value.substring(slash + 1);
    if (slash >= 0 && !isDnsSubdomain(value.substring(0, slash))) {
      return false;
    }
    return name.length() <= DNS_LABEL_MAX && QUALIFIED_NAME_PATTERN.matcher(name).matches();
  }

  public static boolean isLabelValue(String value) {
    return value != null
        && (value.isEmpty()
            || value.length() <= DNS_LABEL_MAX && QUALIFIED_NAME_PATTERN.matcher(value).matches());
  }

  /**
   * Whether {@code value} is a non-negative Kubernetes quantity, e.g. {@code 500m}, {@code 1.5Gi}.
   */
  public static boolean isQuantity(String value) {
    return value != null
        && value.length() <= MAX_QUANTITY_LENGTH
        && QUANTITY.matcher(value).matches();
  }

  public static void quantity(String value, String field, FieldErrors errors) {
    if (value == null) {
      errors.required(field);
    } else if (!isQuantity(value)) {
      errors.add(field, "\"" + value + "\" is not a non-negative quantity (e.g. 500m, 2, 1.5Gi)");
    }
  }

  public static void dnsLabel(String value, String field, FieldErrors errors) {
    if (value == null || value.isEmpty()) {
      errors.required(field);
    } else if (!isDnsLabel(value)) {
      errors.add(field, "\"" + value + "\" " + DNS_LABEL_RULE);
    }
  }

  public static void dnsSubdomain(String value, String field, FieldErrors errors) {
    if (value == null || value.isEmpty()) {
      errors.required(field);
    } else if (!isDnsSubdomain(value)) {
      errors.add(field, "\"" + value + "\" " + DNS_SUBDOMAIN_RULE);
    }
  }

  public static void dns1035Label(String value, String field, FieldErrors errors) {
    if (value == null || value.isEmpty()) {
      errors.required(field);
    } else if (!isDns1035Label(value)) {
      errors.add(field, "\"" + value + "\" " + DNS_1035_LABEL_RULE);
    }
  }

  public static void portName(String value, String field, FieldErrors errors) {
    if (value == null || value.isEmpty()) {
      errors.required(field);
    } else if (!isPortName(value)) {
      errors.add(field, "\"" + value + "\" " + PORT_NAME_RULE);
    }
  }

  public static void labelKey(String key, String field, FieldErrors errors) {
    if (!isQualifiedName(key)) {
      errors.add(field, "\"" + key + "\" " + QUALIFIED_NAME_RULE);
    }
  }

  public static void labelValue(String value, String field, FieldErrors errors) {
    if (!isLabelValue(value)) {
      errors.add(field, "\"" + value + "\" " + LABEL_VALUE_RULE);
    }
  }

  public static void labels(Map<String, String> labels, String field, FieldErrors errors) {
    labels.forEach(
        (key, value) -> {
          labelKey(key, field, errors);
          labelValue(value, field + "[" + key + "]", errors);
        });
  }

  public static void annotations(
      Map<String, String> annotations, String field, FieldErrors errors) {
    long size = 0;
    for (Map.Entry<String, String> annotation : annotations.entrySet()) {
      // As in Kubernetes, the rule is a qualified name except that case does not matter.
      if (!isQualifiedName(annotation.getKey().toLowerCase(Locale.ROOT))) {
        errors.add(field, "\"" + annotation.getKey() + "\" " + QUALIFIED_NAME_RULE);
      }
      size += annotation.getKey().getBytes(StandardCharsets.UTF_8).length;
      size += annotation.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > TOTAL_ANNOTATION_SIZE_MAX) {
      errors.add(field, "may not be more than 256 KiB in total, got " + size + " bytes");
    }
  }
}
