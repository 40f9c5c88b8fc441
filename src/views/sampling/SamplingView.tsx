import { useTranslation } from 'react-i18next';

// Work in progress: replaced by the full view in its own issue.
export default function SamplingView() {
  const { t } = useTranslation();
  return <p className="muted">{t('views.loading')}</p>;
}
