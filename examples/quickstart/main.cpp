// The seed's SQLAlchemy tutorial, step for step, in Quarry.
//
//   quickstart [URL]      (default: sqlite:///mydatabase.db, recreated on each run)

#include "user.h"

#include <quarry/session.h>

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString url = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                 : QStringLiteral("sqlite:///mydatabase.db");

    // 1. Connect (create_engine).
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid()) {
        err << "cannot open " << url << ": " << db.lastError().toString() << Qt::endl;
        return 1;
    }

    // 2. Declare the mapping, 3. create the tables (metadata.create_all). The example
    // starts from an empty table on every run so that it always prints user 1.
    if (!db.registerEntity<User>() || !db.dropAll() || !db.createAll()) {
        err << db.lastError().toString() << Qt::endl;
        return 1;
    }

    // 4. A session (sessionmaker(bind=engine)()).
    Quarry::Session session(db);

    // 5. Add and commit.
    session.add(new User(QStringLiteral("john_doe"), QStringLiteral("john@example.com")));
    if (!session.commit()) {
        err << session.lastError().toString() << Qt::endl;
        return 1;
    }

    // 6. Query with a filter.
    User *user = session.query<User>().filterBy(QStringLiteral("username"), QStringLiteral("john_doe")).first();
    if (!user) {
        err << session.lastError().toString() << Qt::endl;
        return 1;
    }

    // 7. Print.
    out << "User ID: " << user->id() << ", Username: " << user->username()
        << ", Email: " << user->email() << Qt::endl;

    // 8. Close: the session and the database close when they go out of scope.
    return 0;
}
