// The README's "Schema changes", compiled and run: versioned migrations from files, the
// difference between the entities and the database, the next migration generated from it.
//
//   migrations [URL]      (default: an in-memory SQLite database)
//
// It ends by printing "the database matches the entities: true".

#include "task.h"

#include <quarry/migrator.h>
#include <quarry/schemadiff.h>

#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

static int fail(const Quarry::Error &error)
{
    qCritical().noquote() << error.toString();
    return 1;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString url = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("sqlite://");
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid())
        return fail(db.lastError());
    // The example starts from an empty database, and works on a copy of its migrations
    // (compiled in under :/migrations) as a project would on its source directory.
    db.execute(QStringLiteral("DROP TABLE IF EXISTS tasks"));
    db.execute(QStringLiteral("DROP TABLE IF EXISTS quarry_migrations"));
    QTemporaryDir project;
    const QString migrations = project.filePath(QStringLiteral("migrations"));
    QDir().mkpath(migrations);
    QFile::copy(QStringLiteral(":/migrations/0001_create_tasks.json"),
                migrations + QStringLiteral("/0001_create_tasks.json"));

    //! [upgrade]
    Quarry::Migrator migrator(db, migrations); // a directory, or ":/migrations" compiled in
    if (!migrator.upgrade())                   // every pending migration, in id order
        return fail(migrator.lastError());
    for (const Quarry::MigrationStatus &status : migrator.status())
        qInfo().noquote() << status.id << status.describe(); // 0001_create_tasks applied ...
    //! [upgrade]

    //! [diff]
    if (!db.registerEntity<Task>())          // Task has gained a `due` date since 0001
        return fail(db.lastError());
    Quarry::SchemaDiff::Options options;
    options.dropUnmappedTables = false;      // the database holds other applications' tables
    const Quarry::SchemaDiff diff = Quarry::SchemaDiff::compare(db, options);
    for (const QString &change : diff.descriptions())
        qInfo().noquote() << change;         // add column tasks.due (date, null)
    //! [diff]

    //! [autogenerate]
    const Quarry::Migration next = migrator.autogenerate(QStringLiteral("Tasks have a due date"),
                                                         options);
    if (!next.isValid() || !migrator.save(next)) // migrations/0002_tasks_have_a_due_date.json
        return fail(migrator.lastError());
    if (!migrator.upgrade())
        return fail(migrator.lastError());
    const bool matches = Quarry::SchemaDiff::compare(db, options).isEmpty();
    //! [autogenerate]

    //! [downgrade]
    if (!migrator.downgrade())                // reverts the newest migration: `due` goes
        return fail(migrator.lastError());
    if (!migrator.upgrade())                  // and comes back
        return fail(migrator.lastError());
    //! [downgrade]

    QTextStream(stdout) << "the database matches the entities: " << (matches ? "true" : "false")
                        << Qt::endl;
    return matches ? 0 : 1;
}
