#include "backgroundworker.h"

namespace QuarryBrowser {

BackgroundWorker::BackgroundWorker(QObject *parent)
    : QObject(parent), m_cancel(std::make_shared<std::atomic_bool>(false))
{
    m_threadObject = new QObject;
    m_threadObject->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_threadObject, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("quarry-browser worker"));
    m_thread.start();
}

BackgroundWorker::~BackgroundWorker()
{
    *m_cancel = true;
    m_thread.quit();
    m_thread.wait();
}

void BackgroundWorker::cancelAll()
{
    *m_cancel = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
}

} // namespace QuarryBrowser
