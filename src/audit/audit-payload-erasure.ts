const ENTITY_TYPE = /^[a-z][a-z_]*$/;

/**
 * A data-modifying statement for a WITH clause: erases the payloads (before/after and
 * their salt) of the audit entries about the records whose ids the subquery `ids` yields (as text), in the
 * statement that erases the records, and notes when and under which erasure-ledger entry.
 * The entries stay: the chain keeps each payload's digest, so it still verifies, and
 * without the salt the digest confirms no guess of what was erased. RETURNING 1 per
 * erased payload.
 */
export function erasePayloadsSql(entityType: string, ids: string, erasedAt: string, ledgerEntryId: string): string {
  if (!ENTITY_TYPE.test(entityType)) throw new Error(`audit entity type ${entityType} is not a plain name`);
  return `UPDATE audit_payloads p SET payload = NULL, salt = NULL, erased_at = ${erasedAt}, erasure_ledger_id = ${ledgerEntryId}
    FROM audit_log a
    WHERE a.id = p.entry_id AND a.entity_type = '${entityType}' AND a.entity_id IN (${ids}) AND p.erased_at IS NULL
    RETURNING 1`;
}
