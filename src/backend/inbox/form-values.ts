/**
 * A submitted form value as one line of text for the form record. New Wix Forms submit more than text: "ADDRESS: An
 * address object", "ARRAY: An array of the selected option values", and file uploads as objects (dev.wix.com "About
 * Submission Values", Form Submissions API). `String(object)` would write `[object Object]`: objects are spelled out.
 */
export function formValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(formValueText).filter((v) => v !== '').join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return objectText(value as Record<string, unknown>);
  return String(value);
}

/** The address parts in the order an address is read; other objects by their own keys. */
const ADDRESS_ORDER = ['streetAddress', 'addressLine', 'addressLine1', 'addressLine2', 'city', 'subdivision', 'postalCode', 'country'] as const;

function objectText(value: Record<string, unknown>): string {
  // A formatted form, when the value carries one, is how Wix itself shows it.
  for (const key of ['formatted', 'formattedAddress']) if (typeof value[key] === 'string' && value[key] !== '') return value[key];
  // An uploaded file: its name and where it is.
  const name = [value.displayName, value.fileName, value.filename, value.name].find((n): n is string => typeof n === 'string' && n !== '');
  if (typeof value.url === 'string' && value.url !== '') return name === undefined ? value.url : `${name} (${value.url})`;
  // A street address object `{ number, name }` reads "12 Main St".
  if (ADDRESS_ORDER.some((key) => key in value)) {
    const street = value.streetAddress as { number?: unknown; name?: unknown } | undefined;
    const parts = ADDRESS_ORDER.map((key) =>
      key === 'streetAddress' && street && typeof street === 'object' ? [street.number, street.name].map(formValueText).filter(Boolean).join(' ') : formValueText(value[key]),
    );
    return parts.filter((p) => p !== '').join(', ');
  }
  return Object.entries(value)
    .map(([key, v]) => [key, formValueText(v)] as const)
    .filter(([, v]) => v !== '')
    .map(([key, v]) => `${key}: ${v}`)
    .join(', ');
}
