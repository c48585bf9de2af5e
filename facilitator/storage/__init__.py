"""The store: SQLAlchemy records, units of work returning domain objects, migrations."""
