package compactproofs.schema;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.URL;

/**
 * The JSON Schema (draft 2020-12) of certificate files, format version 1, packaged as a class-path
 * resource (source: {@code certificate-schema/certificate.schema.json}). The schema states the shape of
 * a certificate; the checker additionally enforces strict JSON and literal integer syntax, which JSON
 * Schema cannot express. The schema of the checker's {@code --json} verdicts
 * ({@code certificate-schema/verdict.schema.json}) is packaged beside it: {@link #VERDICT_RESOURCE}.
 */
public final class CertificateSchema {
    private CertificateSchema() {}

    /** Class-path location of the schema (no leading slash, for {@link ClassLoader#getResource}). */
    public static final String RESOURCE = "compactproofs/schema/certificate.schema.json";
    /** The schema's {@code $id}. */
    public static final String ID = "https://compactproofs.org/schema/certificate-1.schema.json";
    /** Class-path location of the verdict schema (the checker's {@code --json} output). */
    public static final String VERDICT_RESOURCE = "compactproofs/schema/verdict.schema.json";

    /** The schema's URL on the class path. */
    public static URL url() {
        return url(RESOURCE);
    }

    /** The URL of a class-path resource of this module. */
    static URL url(String resource) {
        URL u = CertificateSchema.class.getClassLoader().getResource(resource);
        if (u == null) throw new IllegalStateException("schema resource " + resource + " missing from the class path");
        return u;
    }

    /**
     * Opens the verdict schema (UTF-8 JSON); the caller closes the stream.
     *
     * @throws UncheckedIOException if the resource cannot be opened
     */
    public static InputStream openVerdict() {
        try {
            return url(VERDICT_RESOURCE).openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
