import { useTranslation } from 'react-i18next';

export default function AttentionView() {
  const { t } = useTranslation();
  return <p className="muted">{t('views.loading')}</p>;
}
