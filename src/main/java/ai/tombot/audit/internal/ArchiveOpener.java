package ai.tombot.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import ai.tombot.keys.AuditArchiveCipher;
import ai.tombot.keys.AuditSigner;
import ai.tombot.platform.PrivateFiles;
import ai.tombot.platform.Store;
import ai.tombot.platform.Stores;

/**
 * Opens an audit archive ({@code ./tombot audit open-archive}): checks its signature, its
 * payload's hash, that it is the archive the store recorded, decrypts it, and checks the
 * entries inside as an export, before it writes them to a new file.
 */
@Component
class ArchiveOpener {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Stores stores;

	private final Checkpoints checkpoints;

	private final AuditSigner signer;

	private final AuditArchiveCipher cipher;

	ArchiveOpener(Stores stores, Checkpoints checkpoints, AuditSigner signer, AuditArchiveCipher cipher) {
		this.stores = stores;
		this.checkpoints = checkpoints;
		this.signer = signer;
		this.cipher = cipher;
	}

	/** See {@link ai.tombot.audit.AuditRetention#openArchive}. */
	int open(Path archive, Path publicKeyset, Path output, java.io.PrintStream out) {
		if (Files.exists(output)) {
			out.println("refusing to overwrite " + output + ": give --out a new file");
			return 2;
		}
		byte[] content;
		String pinned;
		try {
			content = Files.readAllBytes(archive);
			pinned = publicKeyset == null ? null : Files.readString(publicKeyset, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			out.println("the archive cannot be read: " + ex.getMessage());
			return 2;
		}
		String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
		tools.jackson.databind.JsonNode header;
		try {
			header = lines.length == 3 ? JSON.readTree(lines[0]) : null;
		}
		catch (RuntimeException ex) {
			header = null;
		}
		if (header == null || !AuditArchiver.FORMAT.equals(header.path("format").asString(""))) {
			out.println("not a Tombot audit archive: it has no archive header, or not three lines");
			return 2;
		}
		String store = header.path("store").asString("");
		String chain = header.path("chain").asString("");
		long from = header.path("fromSeq").asLong();
		long to = header.path("toSeq").asLong();
		String key;
		try {
			key = pinned != null ? pinned : this.signer.publicKeyset(store);
		}
		catch (RuntimeException ex) {
			out.println("no public key for store '" + store + "' here: give one with --public-key");
			return 2;
		}
		byte[] signature;
		byte[] sealed;
		try {
			signature = Base64.getDecoder().decode(lines[2].trim());
			sealed = Base64.getDecoder().decode(lines[1].trim());
		}
		catch (IllegalArgumentException ex) {
			out.println("BROKEN: the archive's payload or signature is not base64");
			return 1;
		}
		if (!ai.tombot.keys.AuditSignatures.verify(key, lines[0].getBytes(StandardCharsets.UTF_8), signature)) {
			out.println("BROKEN: the archive's signature does not verify with "
					+ (pinned != null ? "this public key" : "the public key of store " + store));
			return 1;
		}
		if (!AuditRow.sha256(sealed).equals(header.path("payloadSha256").asString(""))) {
			out.println("BROKEN: the archive's payload is not the one its signed header names");
			return 1;
		}
		// the file the store recorded when it deleted the entries, not an earlier attempt's
		Optional<ArchiveRecord> record;
		try {
			Store holder = store.equals(ChainWriter.CONTROL) ? this.stores.control() : this.stores.region(store);
			record = ArchiveRecord.of(holder, chain).stream().filter(one -> one.fromSeq() == from && one.toSeq() == to).findFirst();
		}
		catch (RuntimeException ex) {
			out.println("store " + store + " cannot be read here: " + ex.getMessage());
			return 2;
		}
		if (record.isEmpty()) {
			out.println("BROKEN: store " + store + " has no record of an archive of entries " + from + " to " + to
					+ " of this chain: not the archive of record (a file an interrupted run left, or another "
					+ "installation's)");
			return 1;
		}
		if (!this.checkpoints.signedBy(store, record.get().message(store), record.get().signature())) {
			out.println("BROKEN: the store's record of this archive is not signed by the store's audit key");
			return 1;
		}
		if (!record.get().fileSha256().equals(AuditRow.sha256(content))) {
			out.println("BROKEN: not the archive of record: its SHA-256 is not the one the store recorded for "
					+ record.get().fileName());
			return 1;
		}
		byte[] payload;
		try {
			payload = this.cipher.open(store, sealed, AuditArchiver.name(store, chain, from, to));
		}
		catch (IllegalArgumentException ex) {
			out.println("BROKEN: " + ex.getMessage());
			return 1;
		}
		catch (RuntimeException ex) {
			out.println("the archive cannot be opened here (no key for store " + store + "?): " + ex.getMessage());
			return 2;
		}
		// the payload is an export of exactly the signed range, following on from the signed hash
		String problem;
		try {
			problem = payloadProblem(payload, header);
		}
		catch (RuntimeException ex) {
			problem = "the archive's payload is not an audit export";
		}
		if (problem != null) {
			out.println("BROKEN: " + problem);
			return 1;
		}
		int verdict;
		try (java.io.BufferedReader reader = new java.io.BufferedReader(
				new java.io.InputStreamReader(new java.io.ByteArrayInputStream(payload), StandardCharsets.UTF_8))) {
			verdict = ExportVerifier.verify(reader, key, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (verdict != 0) {
			return verdict;
		}
		try {
			PrivateFiles.writeNew(output, payload);
		}
		catch (IOException ex) {
			out.println("cannot write " + output + ": " + ex.getMessage());
			return 2;
		}
		out.println("archive of " + store + " " + chain + " entries " + from + " to " + to + " ("
				+ header.path("firstAt").asString() + " to " + header.path("lastAt").asString() + "): intact; written to "
				+ output + " (verify it again with ./tombot audit verify-export)");
		return 0;
	}

	/** Why the payload is not the export of the range the archive's header names; null when it is. */
	private static String payloadProblem(byte[] payload, tools.jackson.databind.JsonNode archive) {
		String[] lines = new String(payload, StandardCharsets.UTF_8).split("\n");
		tools.jackson.databind.JsonNode header = JSON.readTree(lines[0]);
		if (!header.path("store").asString("").equals(archive.path("store").asString())
				|| !header.path("chain").asString("").equals(archive.path("chain").asString())
				|| header.path("firstSeq").asLong(-1) != archive.path("fromSeq").asLong()
				|| header.path("lastSeq").asLong(-1) != archive.path("toSeq").asLong()) {
			return "the archive's payload is not the range its header names";
		}
		tools.jackson.databind.JsonNode firstEntry = lines.length > 1 ? JSON.readTree(lines[1]) : null;
		if (firstEntry == null || !archive.path("prevHash").asString().equals(firstEntry.path("prevHash").asString(""))) {
			return "the archive's first entry does not follow on from the hash its header names";
		}
		for (String line : lines) {
			tools.jackson.databind.JsonNode node = JSON.readTree(line);
			if ("entry".equals(node.path("type").asString("")) && node.path("seq").asLong() == archive.path("toSeq").asLong()
					&& node.path("hash").asString("").equals(archive.path("toHash").asString())) {
				return null;
			}
		}
		return "the archive's last entry is not the cut its header names";
	}

}
