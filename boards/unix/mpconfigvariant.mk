# rtls' unix interpreter: the standard variant's settings (see
# mpconfigvariant.h); the repository's Makefile passes the rest (its
# UNIX_MAKE_VARS, FROZEN_MANIFEST among them).
