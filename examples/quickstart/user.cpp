#include "user.h"

User::User(QObject *parent) : QObject(parent) {}

User::User(const QString &username, const QString &email, QObject *parent)
    : QObject(parent), m_username(username), m_email(email)
{
}
