package org.longscribe.archive;

/** A recording's terms in order (position = index), under its id: what a segment is made from. */
record DocWords(int id, String[] terms) {
}
