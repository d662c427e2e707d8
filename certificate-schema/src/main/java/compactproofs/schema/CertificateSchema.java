package compactproofs.schema;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.URL;

/**
 * The JSON Schema (draft 2020-12) of certificate files, format version 1, packaged as a class-path
 * resource. The schema states the shape of a certificate; the checker additionally enforces strict
 * JSON and literal integer syntax, which JSON Schema cannot express.
 */
public final class CertificateSchema {
    private CertificateSchema() {}

    /** Class-path location of the schema (no leading slash, for {@link ClassLoader#getResource}). */
    public static final String RESOURCE = "compactproofs/schema/certificate.schema.json";
    /** The schema's {@code $id}. */
    public static final String ID = "https://compactproofs.org/schema/certificate-1.schema.json";

    /** The schema's URL on the class path. */
    public static URL url() {
        URL u = CertificateSchema.class.getClassLoader().getResource(RESOURCE);
        if (u == null) throw new IllegalStateException("schema resource " + RESOURCE + " missing from the class path");
        return u;
    }

    /**
     * Opens the schema (UTF-8 JSON); the caller closes the stream.
     *
     * @throws UncheckedIOException if the resource cannot be opened
     */
    public static InputStream open() {
        try {
            return url().openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
