/**
 * The conversation data path: channels, data subjects, conversations and messages of a
 * tenant's customers. Messages arrive through the API (one or a batch) or an SMS gateway's
 * webhook; card numbers, SSNs and personal data are redacted, tokenized or kept by the
 * tenant's policy before anything is stored, also across messages; the text is stored
 * encrypted under the data subject's key; every read writes its audit entry before any text
 * leaves the server; and messages past the tenant's retention are purged.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Conversations")
package ai.tombot.conversations;
