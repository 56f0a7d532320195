package org.kubevirtredfish.kubevirt.model;

/** How an HTTP import by CDI's importer ends; messages per CDI v1.66.0 cmd/cdi-importer/importer.go. */
public enum ImportOutcome {
    /** The image downloads and converts. */
    SUCCESS,
    /** The server answers 404: pkg/importer/http-datasource.go createHTTPReader, "expected status code". */
    HTTP_NOT_FOUND,
    /** The server's certificate is not trusted: createHTTPReader, "HTTP request errored". */
    TLS_FAILURE,
    /** The host name does not resolve: createHTTPReader, "HTTP request errored". */
    DNS_FAILURE,
    /** The downloaded data does not match {@code spec.source.http.checksum}: pkg/importer/checksum.go. */
    CHECKSUM_MISMATCH
}
