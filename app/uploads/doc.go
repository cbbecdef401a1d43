// Package uploads checks uploaded files and keeps them in a blob store.
//
// Check reads an upload under a size limit, decides its type from its content (never
// from its name or the browser's Content-Type: an .exe renamed .pdf is refused), allows
// only PDF, PNG and JPEG, and computes a SHA-256 checksum. Store is where accepted files
// go; LocalStore keeps them under one directory through os.Root, so a key can never
// reach outside it, and every key is namespaced by its owner (a tenant or an enterprise).
//
// An S3-compatible store for production implements the same Store interface, with the
// key as object name in one bucket (server-side encryption, no public ACL, downloads
// streamed through the application after its authorization check, never by presigned
// URL handed to another tenant).
package uploads
