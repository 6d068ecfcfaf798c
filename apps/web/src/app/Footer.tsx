export function Footer() {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
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
