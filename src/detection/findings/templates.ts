/** Fills `{name}` placeholders; a value the rule did not provide reads "unknown" rather than leaving braces. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] || "unknown");
}
