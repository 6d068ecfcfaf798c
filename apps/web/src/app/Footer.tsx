import { Link } from 'react-router';

export function Footer() {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/contact">
                  Contact us
                </Link>
              </li>
            </ul>
            <p className="govuk-body-s app-footer__text">
              OCVRN, the Organised Crime Virtual Research Network, brings together the people who
              research and tackle organised crime. It is run by the Home Office.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}
