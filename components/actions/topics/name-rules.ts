/**
 * Kafka's rules for a new topic's name (Topic.java), checked as the user types. The broker checks
 * again; these only say early what it would refuse, and warn about legal names that cause trouble.
 */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[A-Za-z0-9._-]*$/;

export interface NameCheck {
  errors: string[];
  warnings: string[];
}

export function checkTopicName(name: string): NameCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (name === "") errors.push("A topic needs a name.");
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    errors.push(`At most ${MAX_TOPIC_NAME_LENGTH} characters (this one has ${name.length}).`);
  }
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9._-]/.test(c)))].map((c) =>
      c === " " ? "space" : `"${c}"`,
    );
    errors.push(`Only letters, digits, ".", "_" and "-" are allowed (not ${bad.join(", ")}).`);
  }
  if (name === "." || name === "..") errors.push(`A topic cannot be named "${name}".`);
  if (name.includes(".") && name.includes("_")) {
    warnings.push('Kafka\'s metric names treat "." and "_" alike: a name with both may collide with another topic.');
  }
  if (name.startsWith("__")) warnings.push('Names starting with "__" are used by Kafka\'s internal topics.');
  return { errors, warnings };
}
