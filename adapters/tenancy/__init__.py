"""A tenant as a portable unit: one file out (`transfer.export_tenant`), checked and written
back into any store (`transfer.import_tenant`), moved between PostgreSQL clusters (`move`),
read from and written to either store (`stores`), in the archive's format (`archive`)."""
