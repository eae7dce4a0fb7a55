#include "demodata.h"

#include "contact.h"

#include <quarry/session.h>

#include <iterator>

namespace DemoData {

bool prepare(Quarry::Database &db, int count, QString *error)
{
    if (!db.registerEntity<Contact>() || !db.createAll()) {
        *error = db.lastError().toString();
        return false;
    }
    Quarry::Session session(db);
    if (session.query<Contact>().count() > 0)
        return true;
    static const char *const firstNames[] = {"Ada",      "Alan",    "Barbara", "Bjarne", "Claude",
                                             "Donald",   "Edsger",  "Frances", "Grace",  "Guido",
                                             "Hedy",     "Ivan",    "John",    "Ken",    "Linus",
                                             "Margaret", "Niklaus", "Radia",   "Shafi",  "Tim"};
    static const char *const lastNames[] = {
        "Abbott", "Becker", "Castro",   "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen",
        "Ito",    "Jansen", "Kowalski", "Larsen", "Moreau",  "Novak",   "Okafor", "Petrov",
        "Quinn",  "Rossi",  "Schmidt",  "Tanaka", "Ueda",    "Varga",   "Weber",  "Yilmaz"};
    static const char *const cities[] = {"Berlin", "Oslo",    "Lisbon", "Nairobi", "Osaka",
                                         "Lima",   "Toronto", "Bergen", "Porto",   "Kraków"};
    constexpr int firstCount = int(std::size(firstNames));
    constexpr int lastCount = int(std::size(lastNames));
    for (int i = 0; i < count; ++i) {
        auto *contact = new Contact;
        const QString first = QString::fromLatin1(firstNames[i % firstCount]);
        const QString last = QString::fromLatin1(lastNames[(i / firstCount) % lastCount]);
        const int series = i / (firstCount * lastCount);
        contact->m_name = series ? QStringLiteral("%1 %2 %3").arg(first, last).arg(series + 1)
                                 : QStringLiteral("%1 %2").arg(first, last);
        contact->m_email = QStringLiteral("%1.%2%3@example.org")
                               .arg(first.toLower(), last.toLower(),
                                    series ? QString::number(series + 1) : QString());
        const int mix = i + i / firstCount; // neighbours in name order differ too
        if (mix % 7 != 3)                   // some have no city: NULL, shown empty and sorted first
            contact->m_city = QString::fromUtf8(cities[(mix * 7) % int(std::size(cities))]);
        contact->m_joined = QDate(2015, 1, 1).addDays((i * 37) % 3300);
        contact->m_rating = double((mix * 13) % 50) / 10.0;
        contact->m_active = (i * 5 + mix + series) % 4 != 0;
        session.add(contact);
    }
    if (!session.commit()) {
        *error = session.lastError().toString();
        return false;
    }
    return true;
}

} // namespace DemoData
