package org.kubevirtredfish.kubevirt;

import java.net.URI;

/** An InsertMedia request once validated: an http(s) image URL. */
public record MediaInsert(URI image, boolean writeProtected) {
}
